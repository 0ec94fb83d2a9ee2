"""Passphrase-sealed files: what ``chasqui export --json --encrypt-to FILE`` writes.

A sealed file is UTF-8 JSON holding no secret in clear::

    {"format": "chasqui-sealed", "version": 1,
     "kdf": {"name": "argon2id", "t": 3, "m": 65536, "p": 4, "salt": "<b64, 16 bytes>"},
     "nonce": "<b64, 12 bytes>", "ciphertext": "<b64: AES-256-GCM of the content + tag>"}

The key is Argon2id(passphrase, salt) with the store's current defaults (``KdfParams``;
a file below ``keys.MINIMUM`` is refused like a key file), the cipher AES-256-GCM with
the associated data ``b"chasqui-sealed/v1"``. ``chasqui decrypt-export FILE --out OUT``
opens it; so can any tool with Argon2id and AES-GCM, from this description.
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.store.errors import CorruptVault, WrongPassphrase
from app.store.keys import KdfParams, _derive_passphrase, wipe

FORMAT = "chasqui-sealed"
VERSION = 1
AAD = b"chasqui-sealed/v1"


def seal(content: bytes, passphrase: str, params: KdfParams | None = None) -> bytes:
    """``content`` encrypted under ``passphrase`` as a sealed file (bytes to write)."""
    params = params or KdfParams()
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = _derive_passphrase(passphrase, salt, params)
    try:
        ciphertext = AESGCM(bytes(key)).encrypt(nonce, content, AAD)
    finally:
        wipe(key)
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {"name": "argon2id", "t": params.t, "m": params.m, "p": params.p,
                "salt": _b64(salt)},
        "nonce": _b64(nonce),
        "ciphertext": _b64(ciphertext),
    }  # fmt: skip
    return json.dumps(doc, indent=1).encode("utf-8")


def unseal(data: bytes, passphrase: str, floor: KdfParams | None = None) -> bytes:
    """The content of a sealed file; ``WrongPassphrase`` or ``CorruptVault`` otherwise."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CorruptVault("not a Chasqui sealed file (not JSON)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CorruptVault("not a Chasqui sealed file")
    if doc.get("version") != VERSION:
        raise CorruptVault(f"unsupported sealed-file version {doc.get('version')!r}")
    kdf = doc.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        raise CorruptVault("the sealed file names an unknown key derivation")
    try:
        params = KdfParams(int(kdf["t"]), int(kdf["m"]), int(kdf["p"]))
    except (KeyError, TypeError, ValueError):
        raise CorruptVault("the sealed file is damaged (key-derivation parameters)") from None
    params.check(floor)
    salt, nonce, ciphertext = (_unb64(kdf.get("salt")), _unb64(doc.get("nonce")),
                               _unb64(doc.get("ciphertext")))  # fmt: skip
    if len(salt) < 8 or len(nonce) != 12 or len(ciphertext) < 16:
        raise CorruptVault("the sealed file is damaged")
    key = _derive_passphrase(passphrase, salt, params)
    try:
        return AESGCM(bytes(key)).decrypt(nonce, ciphertext, AAD)
    except InvalidTag:
        raise WrongPassphrase("wrong passphrase, or the sealed file was altered") from None
    finally:
        wipe(key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise CorruptVault("the sealed file is damaged (a field is not text)")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise CorruptVault("the sealed file is damaged (bad base64)") from None
