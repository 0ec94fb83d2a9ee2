"""The monthly statistics' referral section: referrals made in the month by institution.

Owns the "Derivaciones por institución" table: every institution of the referral
vocabulary (``sync.spec.vocab.REFERRAL_INSTITUTION``, in its order, labels from there)
with the referrals made in the month and how many of them were attended, plus a total.
Intakes whose service type is "derivación" are still counted in "Atenciones"; this
section counts the referral records themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from app.reports.stat_types import TOTAL, StatRow, StatSection
from sync.spec import vocab

ATTENDED = ("attended", "closed")


def referrals_section(referrals: Sequence[Mapping[str, Any]]) -> StatSection:
    made: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    for row in referrals:
        code = str(row.get("institution") or "otro")
        made[code] += 1
        if row.get("status") in ATTENDED:
            attended[code] += 1
    known = vocab.REFERRAL_INSTITUTION.codes()
    codes = [*known, *sorted(set(made) - set(known))]
    rows = [
        StatRow(vocab.REFERRAL_INSTITUTION.label(code), (made[code], attended[code]))
        for code in codes
    ]
    rows.append(StatRow(TOTAL, (sum(made.values()), sum(attended.values()))))
    return StatSection(
        "derivaciones",
        "Derivaciones por institución",
        ("Derivaciones", "Atendidas"),
        rows,
        chart="hbar",
        chart_columns=(0,),
        has_total=True,
        note="Derivaciones con fecha en el mes; atendidas: con estado atendida o cerrada.",
        row_header="Institución",
    )
