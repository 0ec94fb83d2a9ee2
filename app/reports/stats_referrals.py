"""The monthly statistics' referral section: referrals made in the month by institution.

Owns the "Derivaciones por institución" table: every institution of the referral
vocabulary in its order with the referrals made in the month and how many of them were
attended (counted by ``app.core.queries.caseload.referral_counts``), plus a total.
The referrals are ``app.core.referrals.referrals_between``'s, the one definition: the
referral records of the month and the attentions served as a referral (an intake whose
service type is "derivación", also counted in "Atenciones"), so this total is never
below the attentions' "Derivaciones".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.core.queries.caseload import referral_counts
from app.reports.stat_types import TOTAL, StatRow, StatSection


def referrals_section(referrals: Sequence[Mapping[str, Any]]) -> StatSection:
    counts = referral_counts(referrals)
    rows = [StatRow(c.label, (c.made, c.attended)) for c in counts]
    made, attended = sum(c.made for c in counts), sum(c.attended for c in counts)
    rows.append(StatRow(TOTAL, (made, attended)))
    return StatSection(
        "derivaciones",
        "Derivaciones por institución",
        ("Derivaciones", "Atendidas"),
        rows,
        chart="hbar",
        chart_columns=(0,),
        has_total=True,
        note=(
            "Derivaciones con fecha en el mes: las registradas y las atenciones cuyo servicio "
            "fue «Derivación» (a la entidad que dice la ficha); atendidas: con estado "
            "atendida o cerrada."
        ),
        row_header="Institución",
        people=True,
    )
