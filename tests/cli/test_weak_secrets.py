"""Attacks on the vault's secrets through the real CLI (issue 12, findings 7 and 9).

- Weak passphrases (``12345678``, ``aaaaaaaa``, ``password``, Spanish words and names) are
  refused by ``init``, ``user add``, ``passwd`` and ``recover``: exit 2, one clean line,
  nothing written, and the vault keeps working with its old passphrase.
- ``init`` takes the passphrase from ``CHASQUI_PASSPHRASE`` (``CHASQUI_NEW_PASSPHRASE``
  still accepted).
- A key file whose Argon2id costs were lowered (t=1, m=8 KiB) is refused by the
  production CLI (``python -m app.cli``, the real floor), and ``recover`` never re-wraps
  with the lowered costs: the vault opens again once the genuine key file is back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.store import KdfParams, Vault, keys
from app.store.errors import CorruptVault, InvalidRecord
from app.store.passphrase import estimate, require_strong
from tests.cli.conftest import PERSON, assert_one_clean_error, ok, run
from tests.conftest import PASS

WEAK = ["12345678", "aaaaaaaa", "password", "contraseña", "rosaquispe", "Quispe1984", "qwerty123"]
PRODUCTION_CLI = ("-m", "app.cli")  # the real KDF floor, not the suite's lowered one


@pytest.mark.parametrize("weak", WEAK)
def test_weak_passphrases_are_refused_by_the_store(weak: str) -> None:
    assert not estimate(weak).acceptable
    with pytest.raises(InvalidRecord) as info:
        require_strong(weak)
    assert info.value.field == "passphrase"


def test_spanish_words_and_places_count_as_common() -> None:
    # zxcvbn alone knows English; with the list, Spanish words, names and places are cheap.
    for guessable in ["contraseña", "justicia", "chachapoyas", "huamanquispe", "mamani"]:
        assert estimate(guessable).guesses_log10 < 6, guessable
    assert estimate("correcto caballo bateria").acceptable


def test_init_reads_chasqui_passphrase_and_refuses_weak_ones(tmp_path: Path) -> None:
    data = tmp_path / "vault"
    for weak in WEAK[:3]:
        result = run(["init", "--office", "LIM01", "--user", "ana"], data, CHASQUI_PASSPHRASE=weak)
        assert_one_clean_error(result, 2, "passphrase")
        assert not Vault.exists(data)
    out = ok(["init", "--office", "LIM01", "--user", "ana"], data, CHASQUI_PASSPHRASE=PASS)
    assert "RECUPERACIÓN" in out
    ok(["person", "list"], data)  # the same variable opens it
    # CHASQUI_NEW_PASSPHRASE is still accepted (and is the more specific one).
    other = tmp_path / "other"
    ok(
        ["init", "--office", "LIM02", "--user", "ana"],
        other,
        CHASQUI_NEW_PASSPHRASE=PASS,
        CHASQUI_PASSPHRASE=None,
    )
    ok(["person", "list"], other)


def test_weak_new_passphrases_never_reach_the_key_file(vault: Path) -> None:
    before = (vault / "keys.json").read_bytes()
    for weak in WEAK:
        assert_one_clean_error(run(["passwd"], vault, CHASQUI_NEW_PASSPHRASE=weak), 2, "passphrase")
        assert_one_clean_error(
            run(["user", "add", "luis"], vault, CHASQUI_NEW_PASSPHRASE=weak), 2, "passphrase"
        )
        assert_one_clean_error(
            run(
                ["recover"],
                vault,
                CHASQUI_RECOVERY_KEY="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH",
                CHASQUI_NEW_PASSPHRASE=weak,
            ),
            2,
            "passphrase",
        )
    assert (vault / "keys.json").read_bytes() == before
    # The victim vault keeps working: opens, accepts a write, lists it.
    ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(PERSON))
    assert "Rosa Elvira" in ok(["person", "list"], vault)


def _lower_kdf(data: Path, t: int = 1, m: int = 8) -> bytes:
    path = data / "keys.json"
    genuine = path.read_bytes()
    doc = json.loads(genuine)
    for entry in doc["users"].values():
        entry["kdf"].update({"t": t, "m": m, "p": 1})
    path.write_text(json.dumps(doc))
    return genuine


def test_a_key_file_with_lowered_kdf_costs_is_refused(tmp_path: Path) -> None:
    # A vault made with the production defaults, then the attacker lowers the costs.
    data = tmp_path / "vault"
    out = ok(["init", "--office", "LIM01", "--user", "ana"], data, entry=PRODUCTION_CLI)
    recovery = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})", out)
    assert recovery, out
    genuine = _lower_kdf(data)
    result = run(["person", "list"], data, entry=PRODUCTION_CLI)
    assert_one_clean_error(result, 1, "weak key derivation", "t=1")
    result = run(
        ["passwd"], data, entry=PRODUCTION_CLI, CHASQUI_NEW_PASSPHRASE="otra frase bastante larga"
    )
    assert_one_clean_error(result, 1, "weak key derivation")
    # recover re-wraps with the current defaults, never with the lowered costs.
    ok(
        ["recover"],
        data,
        entry=PRODUCTION_CLI,
        CHASQUI_RECOVERY_KEY=recovery.group(1),
        CHASQUI_NEW_PASSPHRASE="otra frase bastante larga",
    )
    kdf = json.loads((data / "keys.json").read_text())["users"]["ana"]["kdf"]
    assert (kdf["t"], kdf["m"], kdf["p"]) == (3, 65536, 4)
    ok(
        ["person", "list"],
        data,
        entry=PRODUCTION_CLI,
        CHASQUI_PASSPHRASE="otra frase bastante larga",
    )
    assert genuine != (data / "keys.json").read_bytes()


def test_the_floor_is_injected_never_read_from_the_file(vault: Path) -> None:
    # The suite's vaults use cheap costs; a caller that injects the production floor
    # refuses them, and changing the passphrase re-wraps with the injected costs.
    with pytest.raises(CorruptVault, match="weak key derivation"):
        Vault.unlock(vault, "ana", PASS, kdf_floor=KdfParams(t=2, m=19456, p=1))
    _lower_kdf(vault, t=1, m=8)
    with pytest.raises(CorruptVault):
        Vault.unlock(vault, "ana", PASS)  # even the suite's floor (m=1024) refuses m=8
    assert KdfParams.fast() == keys.MINIMUM  # lowered by tests/conftest.py only
