"""The laptop's side of identities: the pinned server key and the device's own keys.

Owns two sync-state keys (inside the encrypted store):

- ``server_keys`` — the server's public keys (``{"sign", "box"}``), pinned at
  enrollment (validated before anything is written). Revocation orders, published forms
  and catalogs and reply bundles are verified against them; a revocation that does not
  verify is ignored (``genuine_revocation``), so a relay answering ``403 revoked`` cannot
  make a laptop wipe itself.
- ``device_key`` — ``{"seed": hex, "registered": bool}``: the secret seed of this
  device's Ed25519/X25519 keys (``sync.identity.KeyPair``), made at enrollment; the
  server holds the public half (it verifies the device's bundles and seals replies to
  it).

Vaults enrolled before identities existed have neither. On their first contact after
the update (``ensure_identity``, run at the start of every round until done) the laptop
makes its keys, stores the seed, registers the public half with ``POST
/v1/device-keys`` (authenticated by the device token, accepted once) and pins the
server's keys from that answer: trust on first contact over https, the same trust their
enrollment had. Choosing this over a forced re-enrollment keeps every old laptop syncing
without a visit from the administrator (docs/architecture.md, docs/server.md).
"""

from __future__ import annotations

from typing import Any

from sync import identity, protocol
from sync.client import errors
from sync.client.ports import ReplicaStore
from sync.client.transport import CLIENT_VERSION, Transport
from sync.identity import KeyPair, PublicKeys

KEY_SERVER_KEYS = "server_keys"
KEY_DEVICE_KEY = "device_key"


def pinned(store: ReplicaStore) -> PublicKeys | None:
    """The server keys this vault pinned, or None (a vault enrolled before pinning)."""
    doc = store.get_sync_state(KEY_SERVER_KEYS)
    if doc is None:
        return None
    try:
        return PublicKeys.from_dict(doc)
    except identity.IdentityError:
        return None


def device_keys(store: ReplicaStore) -> KeyPair | None:
    doc = store.get_sync_state(KEY_DEVICE_KEY)
    if not isinstance(doc, dict):
        return None
    try:
        return KeyPair.from_hex(doc.get("seed"))
    except identity.IdentityError:
        return None


def server_keys_of(keys: protocol.IdentityKeys | None, what: str) -> PublicKeys:
    """Checked server keys from an answer (``BadResponse`` when absent or invalid)."""
    if keys is None:
        raise errors.BadResponse(
            f"{what}: the server sent no identity key (update the server to this version)"
        )
    try:
        return PublicKeys.from_dict(keys.to_dict())
    except identity.IdentityError as exc:
        raise errors.BadResponse(f"{what}: {exc}") from None


def check_fingerprint(keys: PublicKeys, expected: str | None) -> None:
    """When the administrator's fingerprint was typed, it must be the server's."""
    if expected and identity.normalize_fingerprint(expected) != identity.normalize_fingerprint(
        keys.fingerprint
    ):
        raise errors.BadResponse(
            "the server's fingerprint is not the one the administrator gave "
            f"(the server says {keys.fingerprint}): nothing was written"
        )


def new_device_key() -> tuple[KeyPair, dict[str, Any]]:
    """A fresh device identity and its sync-state value (stored at enrollment)."""
    pair = KeyPair.generate()
    return pair, {"seed": pair.seed.hex(), "registered": True}


def wire_keys(keys: PublicKeys) -> protocol.IdentityKeys:
    return protocol.IdentityKeys(keys.sign, keys.box)


def genuine_revocation(store: ReplicaStore, exc: errors.Revoked) -> bool:
    """True only when ``exc`` carries an order for this device signed by the pinned key."""
    order = getattr(exc, "order", None)
    keys = pinned(store)
    if not isinstance(order, protocol.RevocationOrder) or keys is None:
        return False
    if order.device_id != store.device_id:
        return False
    return keys.verify(identity.REVOKE, order.signed_fields(), order.signature)


def needs_first_contact(store: ReplicaStore) -> bool:
    """True for a vault enrolled before identities (no pinned key or unregistered keys)."""
    held = store.get_sync_state(KEY_DEVICE_KEY)
    registered = isinstance(held, dict) and held.get("registered") is True
    return pinned(store) is None or device_keys(store) is None or not registered


def key_for_first_contact(store: ReplicaStore) -> KeyPair:
    """The device keys to register (made and stored first, so a cut exchange repeats
    with the same keys)."""
    pair = device_keys(store)
    if pair is None:
        pair = KeyPair.generate()
        store.set_sync_state(KEY_DEVICE_KEY, {"seed": pair.seed.hex(), "registered": False})
    return pair


def register(transport: Transport, pair: KeyPair) -> PublicKeys:
    """``POST /v1/device-keys``: the server's keys (checked) in exchange for ours."""
    req = protocol.DeviceKeysRequest(
        keys=wire_keys(pair.public),
        client_version=CLIENT_VERSION,
        protocol_version=protocol.PROTOCOL_VERSION,
    )
    ex = transport.call("POST", "/v1/device-keys", req.to_dict())
    answer = ex.message(protocol.DeviceKeysAnswer, "device keys answer")
    return server_keys_of(answer.server_keys, "device keys answer")


def adopt_server_keys(store: ReplicaStore, pair: KeyPair, keys: PublicKeys) -> None:
    """Pin ``keys`` (unless another key is pinned already) and mark ours registered."""
    if pinned(store) is None:
        store.set_sync_state(KEY_SERVER_KEYS, keys.to_dict())
    store.set_sync_state(KEY_DEVICE_KEY, {"seed": pair.seed.hex(), "registered": True})


def ensure_identity(store: ReplicaStore, transport: Transport) -> bool:
    """First contact of a vault enrolled before identities: make and register the device
    keys, pin the server's. Returns True when it did something (outside the engine,
    e.g. tests; the engine runs the same steps with its store-failure handling)."""
    if not needs_first_contact(store):
        return False
    pair = key_for_first_contact(store)
    keys = register(transport, pair)
    check_same_server(pinned(store), keys)
    adopt_server_keys(store, pair, keys)
    return True


def check_same_server(current: PublicKeys | None, keys: PublicKeys) -> None:
    """``BadResponse`` when the server now shows another key than the pinned one."""
    if current is not None and current != keys:
        raise errors.BadResponse(
            "the server's identity is not the one this laptop pinned: refusing to go on"
        )
