"""How long justice takes, as the desktop shows and prints it: the timeliness PDF.

The figures themselves (intervals, Kaplan–Meier, quartiles, working days, groups, the CSV
contract) are pure code in ``stats.timeliness``, shared with the central server; this
module owns only their PDF (``timeliness_pdf``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from stats.timeliness import INTERVALS, Figure


def timeliness_pdf(rows: list[Figure], start: dt.date, end: dt.date, meta: Any) -> bytes:
    """The figures as a PDF table (landscape), one section per interval."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, Spacer

    from app.reports.layout import build_pdf, data_table, para, styles
    from app.reports.office_pdf import EXPLAINED, HEADER, days, quartiles

    st = styles()
    story: list[Flowable] = [
        Spacer(1, 2 * mm),
        para(
            f"Casos cuyo tramo empezó entre el {start:%d/%m/%Y} y el {end:%d/%m/%Y}. "
            + EXPLAINED,
            st.body,
        ),
    ]
    labels = {"total": "Total", "matter": "Materia", "office": "Oficina",
              "defender": "Defensor(a)", "court": "Juzgado", "period": "Mes"}  # fmt: skip

    for interval in INTERVALS:
        mine = [r for r in rows if r.interval == interval.code]
        story.append(para(interval.label, st.heading))
        if not mine:
            story.append(para("Sin casos en el periodo.", st.body))
            continue
        cal = {(r.group_kind, r.group): r for r in mine if not r.working_days}
        work = {(r.group_kind, r.group): r for r in mine if r.working_days}
        table = [
            [labels[k], g, str(c.n), str(c.events), days(c.median_days),
             quartiles(c.q1_days, c.q3_days), days(work[(k, g)].median_days)]
            for (k, g), c in cal.items()
        ]  # fmt: skip
        story.append(
            data_table(
                ["Grupo", "", HEADER[1], interval.reached or HEADER[2], *HEADER[3:]],
                table,
                [0.12, 0.34, 0.08, 0.09, 0.12, 0.13, 0.12],
                numeric=(2, 3, 4, 6),
            )
        )
    return build_pdf(story, meta, landscape=True)
