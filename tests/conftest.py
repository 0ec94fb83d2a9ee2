"""Suite-wide setup: test vaults use cheap key derivation, so the KDF floor is lowered
(see ``tests/kdf_floor.py``; tests of the floor pass ``kdf_floor`` or run the real CLI)."""

from __future__ import annotations

from tests.kdf_floor import lower

lower()
