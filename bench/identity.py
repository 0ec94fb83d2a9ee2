"""What the server identity and signed bundles cost: per-operation times and bundle bytes.

Run: ``.venv/bin/python -m bench.identity [--changes 2000]``

Figures, each against a baseline measured in the same run:

- signing and verifying one revocation order / published form (Ed25519 over canonical
  JSON) vs one SHA-256 of the same statement (the cheapest integrity check there is);
- a USB bundle of ``--changes`` person changes: format 2 (sealed to the server's X25519
  key, signed by the device) vs format 1 (token-derived AES-GCM key), in bytes and in
  seconds to seal and to open; the fixed overhead of format 2 is 64 (signature) + 32
  (ephemeral key) bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import time
import uuid
from collections.abc import Callable

from sync import identity
from sync.client import bundle


def _per_op(fn: Callable[[], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - started) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()

    server = identity.KeyPair.generate()
    device = identity.KeyPair.generate()
    fields = {"device_id": uuid.uuid4().hex, "office_id": str(uuid.uuid4()), "revoked_at": 1}
    signature = server.sign(identity.REVOKE, fields)
    sha = _per_op(
        lambda: hashlib.sha256(identity.statement(identity.REVOKE, fields)).digest(), args.repeat
    )
    sign = _per_op(lambda: server.sign(identity.REVOKE, fields), args.repeat)
    verify = _per_op(lambda: server.public.verify(identity.REVOKE, fields, signature), args.repeat)
    derive = _per_op(identity.KeyPair.generate, max(1, args.repeat // 10))
    print(f"fingerprint example: {server.public.fingerprint}")
    print(f"SHA-256 of a statement (baseline): {sha * 1e6:8.1f} us")
    print(f"sign a revocation order:           {sign * 1e6:8.1f} us  ({sign / sha:.0f}x)")
    print(f"verify it:                         {verify * 1e6:8.1f} us  ({verify / sha:.0f}x)")
    print(f"make a key pair (seed + 2 keys):   {derive * 1e6:8.1f} us")

    device_id = uuid.uuid4().hex
    payload = {
        "device_id": device_id,
        "changes": [
            {
                "change_id": str(uuid.uuid4()),
                "entity": "person",
                "entity_id": str(uuid.uuid4()),
                "fields": {"given_names": f"Rosa María {i}", "paternal_surname": "Quispe"},
            }
            for i in range(args.changes)
        ],
    }
    legacy_key = bundle.bundle_key(hashlib.sha256(b"token").hexdigest(), device_id)
    header1 = bundle.new_header(bundle.REQUEST, device_id, bundle.LEGACY_VERSION)
    header2 = bundle.new_header(bundle.REQUEST, device_id)
    t = time.perf_counter()
    v1 = bundle.seal(header1, payload, legacy_key)
    seal1 = time.perf_counter() - t
    t = time.perf_counter()
    v2 = bundle.seal_signed(header2, payload, device, server.public.box)
    seal2 = time.perf_counter() - t
    t = time.perf_counter()
    bundle.open_sealed(v1, legacy_key)
    open1 = time.perf_counter() - t
    t = time.perf_counter()
    bundle.open_signed(v2, server, device.public.sign)
    open2 = time.perf_counter() - t
    print(f"bundle of {args.changes} changes, format 1 (baseline): {len(v1):,} bytes, "
          f"seal {seal1 * 1000:.1f} ms, open {open1 * 1000:.1f} ms")  # fmt: skip
    print(f"bundle of {args.changes} changes, format 2 (signed):   {len(v2):,} bytes "
          f"(+{len(v2) - len(v1)}), seal {seal2 * 1000:.1f} ms ({seal2 / seal1:.2f}x), "
          f"open {open2 * 1000:.1f} ms ({open2 / open1:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
