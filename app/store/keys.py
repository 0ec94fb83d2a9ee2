"""Key material and the key file: the data key wrapped per user and under a recovery key.

The database is encrypted with a random 256-bit *data key*. It is only ever stored
wrapped with AES-256-GCM:

- per user, under a key derived from the passphrase with Argon2id (``hash_secret_raw``,
  default t=3, m=64 MiB, p=4, a fresh 16-byte salt per wrap);
- once under a one-time *recovery key* (160 random bits shown as 8 groups of 4 base32
  characters, e.g. ``K7QX-...``), derived with HKDF-SHA256 (its entropy makes a slow KDF
  unnecessary).

The associated data of each wrap binds it to the vault id and the entry (user name and
user id, or "recovery"), so entries cannot be swapped or renamed inside the file.

Key file (``keys.json``, JSON, written by ``sync.errors.atomic_write``: temp file in the
same directory, fsync, ``os.replace``, fsync of the directory)::

    {"format": "chasqui-keys", "version": 1, "vault_id": "...",
     "users": {"ana": {"user_id": "...", "kdf": {"name": "argon2id", "t": 3,
               "m": 65536, "p": 4, "salt": "<b64>"}, "nonce": "<b64>", "wrapped": "<b64>"}},
     "recovery": {"kdf": {"name": "hkdf-sha256", "salt": "<b64>"}, "nonce": ..., "wrapped": ...}}

Nothing in it is secret. Failed unlocks are appended to ``unlock_failures.log`` (time and
user name if it exists, never the passphrase); the store imports them into the audit
chain at the next successful unlock and empties the file.

Key material is held in ``bytearray`` objects that ``wipe`` zeroes; derived keys are
wiped as soon as they were used. (Python ``bytes`` copies made by the libraries cannot
be wiped; this is best effort.)
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.store.errors import (
    CorruptVault,
    VaultNotFound,
    VaultTooNew,
    WrongPassphrase,
)
from app.store.passphrase import require_strong
from sync.errors import atomic_write, storage_error

KEYFILE_NAME = "keys.json"
FAILURES_NAME = "unlock_failures.log"
FORMAT = "chasqui-keys"
VERSION = 1
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters; tests pass small ones (``KdfParams.fast()``).

    The defaults are what every wrap uses. A key file is read only if its parameters are at
    least the *floor* (``MINIMUM`` unless the caller injects another one: tests inject
    ``KdfParams.fast()``; nothing read from a file or the environment can lower it), so a
    key file whose costs were lowered by someone with access to the disk is refused instead
    of being unwrapped and, worse, re-wrapped with the weak costs.
    """

    t: int = 3
    m: int = 65536  # KiB
    p: int = 4

    @classmethod
    def fast(cls) -> KdfParams:
        return cls(t=1, m=1024, p=1)

    def check(self, floor: KdfParams | None = None) -> None:
        # Bounds keep a tampered key file from asking for absurd memory or time.
        if not (1 <= self.t <= 20 and 1 <= self.p <= 16 and 8 * self.p <= self.m <= 1 << 21):
            raise CorruptVault("the key file has impossible key-derivation parameters")
        low = MINIMUM if floor is None else floor
        if self.t < low.t or self.m < low.m:
            raise CorruptVault(
                f"the key file asks for weak key derivation (Argon2id t={self.t}, m={self.m} KiB; "
                f"at least t={low.t}, m={low.m} KiB is required): it was tampered with or "
                "damaged; restore keys.json from a backup"
            )


# The weakest parameters a key file may carry (OWASP's Argon2id minimum, 19 MiB, t=2);
# the defaults above are stronger. Kept below the defaults so a future default can move.
MINIMUM = KdfParams(t=2, m=19456, p=1)


def wipe(buf: bytearray | None) -> None:
    if buf is not None:
        for i in range(len(buf)):
            buf[i] = 0


def new_data_key() -> bytearray:
    return bytearray(secrets.token_bytes(KEY_BYTES))


# --- recovery key -------------------------------------------------------------------------

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})


def new_recovery_key() -> str:
    """160 random bits as ``XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`` (base32, no padding)."""
    text = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, 32, 4))


def normalize_recovery_key(text: str) -> bytes:
    """Accept lower case, spaces, missing dashes and 0/1/8 for O/I/B; WrongPassphrase if invalid."""
    cleaned = "".join(ch for ch in text.upper().translate(_LOOKALIKES) if ch not in " -\t\n")
    if len(cleaned) != 32 or any(ch not in _B32 for ch in cleaned):
        raise WrongPassphrase("the recovery key must be 32 letters and digits (8 groups of 4)")
    return base64.b32decode(cleaned)


# --- key derivation and wrapping --------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise CorruptVault("the key file is damaged (a field is not text)")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise CorruptVault("the key file is damaged (bad base64)") from None


def _derive_passphrase(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    return bytearray(
        hash_secret_raw(
            passphrase.encode("utf-8"),
            salt,
            time_cost=params.t,
            memory_cost=params.m,
            parallelism=params.p,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )
    )


def _derive_recovery(raw: bytes, salt: bytes) -> bytearray:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"chasqui-recovery")
    return bytearray(hkdf.derive(raw))


def _aad(vault_id: str, entry: str, user_id: str = "") -> bytes:
    return f"{FORMAT}/v{VERSION}\x1f{vault_id}\x1f{entry}\x1f{user_id}".encode()


def _wrap(kek: bytearray, data_key: bytearray, aad: bytes) -> tuple[str, str]:
    nonce = secrets.token_bytes(12)
    try:
        wrapped = AESGCM(bytes(kek)).encrypt(nonce, bytes(data_key), aad)
    finally:
        wipe(kek)
    return _b64(nonce), _b64(wrapped)


def _unwrap(kek: bytearray, entry: dict[str, Any], aad: bytes, what: str) -> bytearray:
    nonce, wrapped = _unb64(entry.get("nonce")), _unb64(entry.get("wrapped"))
    if len(nonce) != 12 or len(wrapped) != KEY_BYTES + 16:
        wipe(kek)
        raise CorruptVault("the key file is damaged (wrapped key has the wrong size)")
    try:
        return bytearray(AESGCM(bytes(kek)).decrypt(nonce, wrapped, aad))
    except InvalidTag:
        raise WrongPassphrase(f"the {what} is not correct") from None
    finally:
        wipe(kek)


# --- the key file -------------------------------------------------------------------------------


class KeyFile:
    """The parsed key file of one vault; mutate with the methods, then ``save``."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    @property
    def vault_id(self) -> str:
        return str(self.doc["vault_id"])

    @classmethod
    def new(cls, vault_id: str) -> KeyFile:
        return cls({"format": FORMAT, "version": VERSION, "vault_id": vault_id, "users": {}})

    @staticmethod
    def path(data_dir: Path) -> Path:
        return Path(data_dir) / KEYFILE_NAME

    @classmethod
    def exists(cls, data_dir: Path) -> bool:
        return cls.path(data_dir).is_file()

    @classmethod
    def load(cls, data_dir: Path) -> KeyFile:
        path = cls.path(data_dir)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise VaultNotFound(f"no Chasqui vault in {data_dir}") from None
        except IsADirectoryError:
            raise CorruptVault(f"the key file {path.name} is not a file") from None
        except OSError as exc:
            raise storage_error(exc, "cannot read the key file") from None
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise CorruptVault("the key file is damaged (not valid JSON)") from None
        return cls(cls._validate(doc))

    @staticmethod
    def _validate(doc: Any) -> dict[str, Any]:
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise CorruptVault("the key file is not a Chasqui key file")
        version = doc.get("version")
        if not isinstance(version, int):
            raise CorruptVault("the key file is damaged (no format version)")
        if version > VERSION:
            raise VaultTooNew(
                f"the key file was written by a newer Chasqui (format v{version}); update Chasqui"
            )
        if not isinstance(doc.get("vault_id"), str) or not isinstance(doc.get("users"), dict):
            raise CorruptVault("the key file is damaged (missing vault id or users)")
        for name, entry in doc["users"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("user_id"), str):
                raise CorruptVault(f"the key file is damaged (entry of user {name!r})")
            if not isinstance(entry.get("kdf"), dict):
                raise CorruptVault(f"the key file is damaged (entry of user {name!r})")
        if "recovery" in doc and not isinstance(doc["recovery"], dict):
            raise CorruptVault("the key file is damaged (recovery entry)")
        return doc

    def save(self, data_dir: Path) -> None:
        atomic_write(self.path(data_dir), json.dumps(self.doc, indent=1, sort_keys=True).encode())

    # users ------------------------------------------------------------------------------------
    def users(self) -> list[str]:
        return sorted(self.doc["users"])

    def user_id(self, name: str) -> str:
        entry = self.doc["users"].get(name)
        if entry is None:
            raise VaultNotFound(f"there is no user {name!r} in this vault")
        return str(entry["user_id"])

    def set_user(
        self, name: str, user_id: str, passphrase: str, data_key: bytearray, params: KdfParams
    ) -> None:
        check_passphrase(passphrase)
        salt = secrets.token_bytes(16)
        kek = _derive_passphrase(passphrase, salt, params)
        nonce, wrapped = _wrap(kek, data_key, _aad(self.vault_id, "user:" + name, user_id))
        self.doc["users"][name] = {
            "user_id": user_id,
            "kdf": {
                "name": "argon2id",
                "t": params.t,
                "m": params.m,
                "p": params.p,
                "salt": _b64(salt),
            },
            "nonce": nonce,
            "wrapped": wrapped,
        }

    def unwrap_user(self, name: str, passphrase: str, floor: KdfParams | None = None) -> bytearray:
        """The data key; ``CorruptVault`` if the entry's KDF costs are below ``floor``."""
        entry = self.doc["users"].get(name)
        if entry is None:
            raise VaultNotFound(f"there is no user {name!r} in this vault")
        kdf = entry["kdf"]
        if kdf.get("name") != "argon2id":
            raise CorruptVault("the key file names an unknown key-derivation function")
        try:
            params = KdfParams(int(kdf["t"]), int(kdf["m"]), int(kdf["p"]))
        except (KeyError, TypeError, ValueError):
            raise CorruptVault("the key file is damaged (key-derivation parameters)") from None
        params.check(floor)
        salt = _unb64(kdf.get("salt"))
        if len(salt) < 8:
            raise CorruptVault("the key file is damaged (salt)")
        kek = _derive_passphrase(passphrase, salt, params)
        aad = _aad(self.vault_id, "user:" + name, str(entry["user_id"]))
        return _unwrap(kek, entry, aad, "passphrase")

    # recovery ---------------------------------------------------------------------------------
    def set_recovery(self, recovery_key: str, data_key: bytearray) -> None:
        salt = secrets.token_bytes(16)
        kek = _derive_recovery(normalize_recovery_key(recovery_key), salt)
        nonce, wrapped = _wrap(kek, data_key, _aad(self.vault_id, "recovery"))
        self.doc["recovery"] = {
            "kdf": {"name": "hkdf-sha256", "salt": _b64(salt)},
            "nonce": nonce,
            "wrapped": wrapped,
        }

    def unwrap_recovery(self, recovery_key: str) -> bytearray:
        entry = self.doc.get("recovery")
        if entry is None:
            raise CorruptVault("this vault has no recovery key entry")
        raw = normalize_recovery_key(recovery_key)
        kdf = entry.get("kdf")
        if not isinstance(kdf, dict) or kdf.get("name") != "hkdf-sha256":
            raise CorruptVault("the key file is damaged (recovery key derivation)")
        kek = _derive_recovery(raw, _unb64(kdf.get("salt")))
        return _unwrap(kek, entry, _aad(self.vault_id, "recovery"), "recovery key")


def check_passphrase(passphrase: str) -> None:
    """Every passphrase that wraps the key passes here (see ``passphrase.require_strong``)."""
    require_strong(passphrase)


# --- files ---------------------------------------------------------------------------------------


def record_failed_unlock(data_dir: Path, user: str | None, method: str) -> None:
    """Append a failed-unlock line (time, user or None, method); never raises."""
    line = json.dumps(
        {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "user": user, "method": method}
    )
    try:
        with open(Path(data_dir) / FAILURES_NAME, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        pass


def read_failed_unlocks(data_dir: Path) -> list[dict[str, Any]]:
    path = Path(data_dir) / FAILURES_NAME
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for line in lines:
        try:
            doc = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(doc, dict):
            out.append(
                {
                    "at": str(doc.get("at", ""))[:32],
                    "user": doc.get("user") if isinstance(doc.get("user"), str) else None,
                    "method": str(doc.get("method", ""))[:32],
                }
            )
    return out


def clear_failed_unlocks(data_dir: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(Path(data_dir) / FAILURES_NAME)
