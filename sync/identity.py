"""Identities of the server and of each device: signing and sealing keys from one seed.

Owns the cryptography both sides share (``cryptography``: Ed25519, X25519, HKDF-SHA256,
AES-256-GCM):

- ``KeyPair``: one random 32-byte seed from which an Ed25519 signing key and an X25519
  key-agreement ("box") key are derived with HKDF, so one secret is stored per party
  (the server's in a 0600 file beside its database, a device's inside its encrypted
  vault). ``PublicKeys`` are the two public halves as lowercase hex.
- Signed statements: ``KeyPair.sign(purpose, doc)`` signs the canonical JSON of ``doc``
  with a ``purpose`` string inside it (``"chasqui-revoke-v1"``, ``"chasqui-form-v1"``...),
  so a signature made for one purpose never verifies for another;
  ``PublicKeys.verify(purpose, doc, signature) -> bool`` never raises on bad input.
- ``fingerprint(keys)``: what an administrator reads aloud to a defender at enrollment
  (128 bits of SHA-256 over both public keys, 8 groups of 4 hex digits).
- Sealing to a public key: ``seal_to(box_public_hex, plaintext, aad)`` (an ephemeral
  X25519 key, HKDF over the shared secret and both public keys, AES-256-GCM) and
  ``KeyPair.unseal(data, aad)``: only the holder of the recipient's seed can open it.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.protocol.base import KEY_HEX_PATTERN, SIGNATURE_HEX_PATTERN

_KEY_RE = re.compile(KEY_HEX_PATTERN)
_SIG_RE = re.compile(SIGNATURE_HEX_PATTERN)
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
SEALED_OVERHEAD = 32 + 12 + 16  # ephemeral public key, nonce, GCM tag

# Purposes of signed statements (one per kind of order or publication).
REVOKE = "chasqui-revoke-v1"
FORM = "chasqui-form-v1"
CATALOG = "chasqui-catalog-v1"
BUNDLE = "chasqui-bundle-v2"


class IdentityError(ValueError):
    """A key or sealed box that cannot be used (the message names what, never a secret)."""


def _derive(seed: bytes, label: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"chasqui-identity-v1", info=label
    ).derive(seed)


def statement(purpose: str, doc: dict[str, Any]) -> bytes:
    """The exact bytes a signature covers: canonical JSON of ``doc`` with its purpose."""
    body = {"purpose": purpose, **doc}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def is_key_hex(text: object) -> bool:
    return isinstance(text, str) and _KEY_RE.match(text) is not None


@dataclass(frozen=True)
class PublicKeys:
    """The public half of an identity: Ed25519 (``sign``) and X25519 (``box``), hex."""

    sign: str
    box: str

    def __post_init__(self) -> None:
        if not (is_key_hex(self.sign) and is_key_hex(self.box)):
            raise IdentityError("a public key must be 64 lowercase hex digits")

    @classmethod
    def from_dict(cls, doc: Any) -> PublicKeys:
        """From ``{"sign": hex, "box": hex}``; ``IdentityError`` on anything else."""
        if not isinstance(doc, dict):
            raise IdentityError("public keys must be an object with sign and box")
        keys = cls(doc.get("sign"), doc.get("box"))  # type: ignore[arg-type]
        try:  # both must be points the libraries accept
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(keys.sign))
            X25519PublicKey.from_public_bytes(bytes.fromhex(keys.box))
        except ValueError:
            raise IdentityError("a public key is not a valid curve point") from None
        return keys

    def to_dict(self) -> dict[str, str]:
        return {"sign": self.sign, "box": self.box}

    @property
    def fingerprint(self) -> str:
        return fingerprint(self)

    def verify(self, purpose: str, doc: dict[str, Any], signature: object) -> bool:
        """True only for a valid signature of ``statement(purpose, doc)`` by this key."""
        if not isinstance(signature, str) or not _SIG_RE.match(signature):
            return False
        try:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(self.sign))
            key.verify(bytes.fromhex(signature), statement(purpose, doc))
        except (InvalidSignature, ValueError, TypeError):
            return False
        return True


def fingerprint(keys: PublicKeys) -> str:
    """``"9f3a 1c2b ..."``: 8 groups of 4 hex digits, read aloud at enrollment."""
    digest = hashlib.sha256(
        b"chasqui-fingerprint-v1" + bytes.fromhex(keys.sign) + bytes.fromhex(keys.box)
    ).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def normalize_fingerprint(text: str) -> str:
    """A typed fingerprint without spaces, dashes or case (for comparing)."""
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


class KeyPair:
    """A private identity; ``seed`` (32 bytes) is the only secret to keep."""

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise IdentityError("an identity seed is 32 bytes")
        self.seed = seed
        self._sign = Ed25519PrivateKey.from_private_bytes(_derive(seed, b"ed25519"))
        self._box = X25519PrivateKey.from_private_bytes(_derive(seed, b"x25519"))
        self.public = PublicKeys(
            self._sign.public_key().public_bytes(*_RAW).hex(),
            self._box.public_key().public_bytes(*_RAW).hex(),
        )

    def __repr__(self) -> str:  # never show the seed
        return f"KeyPair({self.public.fingerprint})"

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(secrets.token_bytes(32))

    @classmethod
    def from_hex(cls, text: object) -> KeyPair:
        if not is_key_hex(text):
            raise IdentityError("an identity seed must be 64 lowercase hex digits")
        return cls(bytes.fromhex(str(text)))

    def sign(self, purpose: str, doc: dict[str, Any]) -> str:
        return self._sign.sign(statement(purpose, doc)).hex()

    def sign_bytes(self, data: bytes) -> bytes:
        return self._sign.sign(data)

    def unseal(self, data: bytes, aad: bytes) -> bytes:
        """Open what ``seal_to`` sealed to this identity; ``IdentityError`` otherwise."""
        if len(data) < SEALED_OVERHEAD:
            raise IdentityError("the sealed data is truncated")
        eph = data[:32]
        try:
            shared = self._box.exchange(X25519PublicKey.from_public_bytes(eph))
            key = _box_key(shared, eph, bytes.fromhex(self.public.box))
            return AESGCM(key).decrypt(data[32:44], data[44:], aad)
        except (InvalidTag, ValueError):
            raise IdentityError("the sealed data was altered or is for another key") from None


def verify_bytes(sign_hex: str, data: bytes, signature: bytes) -> bool:
    """True only for a valid Ed25519 signature of raw ``data`` by ``sign_hex``."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_hex)).verify(signature, data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _box_key(shared: bytes, eph: bytes, recipient: bytes) -> bytes:
    if shared == bytes(32):  # a low-order point: refuse, never encrypt under zeros
        raise ValueError("degenerate key agreement")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"chasqui-seal-v1", info=eph + recipient
    ).derive(shared)


def seal_to(box_public_hex: str, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt ``plaintext`` so that only the holder of ``box_public_hex``'s seed opens it:
    ephemeral public key (32) + nonce (12) + AES-256-GCM ciphertext (``aad`` bound)."""
    if not is_key_hex(box_public_hex):
        raise IdentityError("the recipient's public key is not valid")
    recipient = bytes.fromhex(box_public_hex)
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(*_RAW)
    try:
        shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient))
        key = _box_key(shared, eph_pub, recipient)
    except ValueError:
        raise IdentityError("the recipient's public key is not valid") from None
    nonce = secrets.token_bytes(12)
    return eph_pub + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)
