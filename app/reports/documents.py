"""The three record documents: intake record, case summary and hearing agenda.

Each ``*_pdf`` function takes plain data from ``model.py`` plus the page meta and
returns PDF bytes built in memory. The intake record carries the signature and
fingerprint block and the personal-data notice of Ley 29733 that the beneficiary signs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from app.reports.fonts import REGULAR
from app.reports.layout import (
    FRAME_WIDTH,
    GRID,
    LANDSCAPE_FRAME_WIDTH,
    DocumentMeta,
    build_pdf,
    centered,
    data_table,
    field_table,
    para,
    styles,
)
from app.reports.model import Agenda, AgendaItem, CaseSummary, IntakeRecord
from app.reports.timefmt import format_date

WEEKDAYS = ("Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo")

DATA_NOTICE_TITLE = "Protección de datos personales (Ley N.° 29733)"
DATA_NOTICE = (
    "De conformidad con la Ley N.° 29733, Ley de Protección de Datos Personales, y su "
    "Reglamento, se le informa que los datos personales consignados en esta ficha, "
    "incluidos los datos sensibles (salud, discapacidad, lengua materna, situación de "
    "violencia), serán tratados por el Ministerio de Justicia y Derechos Humanos — "
    "Dirección General de Defensa Pública y Acceso a la Justicia, con la finalidad "
    "exclusiva de brindarle el servicio gratuito de defensa pública, evaluar su situación "
    "socioeconómica, dar seguimiento a su caso y elaborar estadísticas anonimizadas. Los "
    "datos se guardan cifrados en el banco de datos personales de la Defensa Pública; "
    "solo accede a ellos el personal autorizado, que está obligado a guardar "
    "confidencialidad. No se transferirán a terceros, salvo mandato legal o a las "
    "entidades que intervienen en su caso (Poder Judicial, Ministerio Público, Policía "
    "Nacional del Perú) cuando sea necesario para su defensa. Usted puede ejercer sus "
    "derechos de información, acceso, rectificación, cancelación y oposición ante la "
    "oficina de Defensa Pública que lo (la) atendió. ¿Tiene dudas? Pregunte al personal "
    "antes de firmar. Con su firma o huella digital declara haber sido informado(a) y "
    "otorga su consentimiento libre, previo, expreso, informado e inequívoco para el "
    "tratamiento de sus datos, incluidos los sensibles."
)


def _signature_block() -> Flowable:
    st = styles()
    caption = centered(st.small)
    box_h = 32 * mm
    col = FRAME_WIDTH / 3
    fingerprint = Table([[""]], colWidths=[24 * mm], rowHeights=[30 * mm])
    fingerprint.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 0.8, GRID), ("FONTNAME", (0, 0), (-1, -1), REGULAR)])
    )
    table = Table(
        [
            ["", fingerprint, ""],
            [
                para("Firma del (de la) beneficiario(a)", caption),
                para("Huella digital (índice derecho)", caption),
                para("Firma y sello del (de la) defensor(a) público(a)", caption),
            ],
        ],
        colWidths=[col, col, col],
        rowHeights=[box_h, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LINEBELOW", (0, 0), (0, 0), 0.8, GRID),
                ("LINEBELOW", (2, 0), (2, 0), 0.8, GRID),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def intake_pdf(record: IntakeRecord, meta: DocumentMeta) -> bytes:
    """The intake record: attention data, person, answers, notice and signatures."""
    st = styles()
    story: list[Flowable] = [
        Spacer(1, 3 * mm),
        para("Datos de la atención", st.heading),
        field_table(
            [
                ("Fecha y hora", record.recorded_at),
                ("Tipo de servicio", record.service_type),
                ("Materia", record.matter),
                ("Defensor(a)", record.defender),
                ("Brigada / campaña", record.campaign),
                ("Formulario", record.form_title),
                ("Estado", record.status),
            ]
        ),
        para("Datos de la persona atendida", st.heading),
        field_table(record.person.pairs()),
    ]
    for section in record.sections:
        story.append(CondPageBreak(30 * mm))
        story.append(para(section.title, st.heading))
        pairs = [("    " * line.depth + line.label, line.value) for line in section.lines]
        story.append(field_table(pairs, label_width=0.42))
    if record.overrides:  # decided despite a conflict of interest: the audit says it
        story.append(CondPageBreak(30 * mm))
        story.append(para("Conflicto de intereses", st.heading))
        story.append(field_table(record.overrides, label_width=0.25))
    story.append(
        KeepTogether(
            [
                para(DATA_NOTICE_TITLE, st.heading),
                para(DATA_NOTICE, st.notice),
                Spacer(1, 6 * mm),
                _signature_block(),
            ]
        )
    )
    return build_pdf(story, meta)


SECTION_ROOM = 25 * mm  # room a heading needs below it (with a table's first rows), else a new page


def case_pdf(case: CaseSummary, meta: DocumentMeta) -> bytes:
    """The case summary: data, parties, closure, its closings and reopenings, notes
    timeline, hearings, milestones, referrals, attachments. A section's heading never
    stands alone at a page's foot."""
    st = styles()

    def section(title: str) -> list[Flowable]:
        return [CondPageBreak(SECTION_ROOM), para(title, st.heading)]

    story: list[Flowable] = [
        Spacer(1, 3 * mm),
        para("Datos del caso", st.heading),
        field_table(
            [
                ("N.° interno", case.internal_number),
                ("Materia", case.matter),
                ("Estado", case.status),
                ("Expediente judicial", case.court_file_number),
                ("Beneficiario(a)", case.beneficiary),
                ("Defensor(a)", case.defender),
                ("Fecha de apertura", case.opened_at),
                ("Fecha de conclusión", case.closed_at),
                ("Resultado del cierre", case.closure_result),
                ("Resumen", case.summary),
                ("Hijas e hijos alimentistas", case.children),
                ("Monto mensual solicitado", case.amount_claimed),
            ]
        ),
        *section("Partes"),
    ]
    if case.parties:
        story.append(
            data_table(
                ["Rol", "Nombre", "Documento"],
                [(p.role, p.name, p.document) for p in case.parties],
                [0.22, 0.48, 0.30],
            )
        )
    else:
        story.append(para("No hay partes registradas.", st.body))
    if case.closure:
        story.extend(section("Conclusión del caso"))
        story.append(field_table(case.closure, label_width=0.42))
    if case.status_moves:  # each closing and reopening, even those a reopening undid
        story.extend(section("Cierres y reaperturas"))
        story.append(
            data_table(
                ["Fecha y hora", "Cambio", "Motivo"],
                [(m.at, m.move, m.why) for m in case.status_moves],
                [0.18, 0.16, 0.66],
            )
        )
    story.extend(section("Notas (cronología)"))
    if case.notes:
        story.append(
            data_table(
                ["Fecha", "Autor(a)", "Firma", "Texto"],
                [
                    (
                        n.created_at,
                        n.author,
                        n.signed,
                        n.text + (f"\n[{n.status}]" if n.status else ""),
                    )
                    for n in case.notes
                ],
                [0.14, 0.15, 0.19, 0.52],
            )
        )
    else:
        story.append(para("No hay notas registradas.", st.body))
    story.extend(section("Audiencias y plazos"))
    if case.hearings:
        story.append(
            data_table(
                ["Fecha y hora", "Tipo", "Diligencia", "Lugar", "Estado", "Resultado"],
                [(h.at, h.category, h.kind, h.place, h.status, h.result) for h in case.hearings],
                # whole words: "Audiencia", "Fecha cambiada", a date with its time
                [0.18, 0.12, 0.17, 0.15, 0.17, 0.21],
            )
        )
    else:
        story.append(para("No hay audiencias ni plazos registrados.", st.body))
    story.extend(section("Hitos del caso"))  # the case's timeline, as its "Hitos" tab
    if case.milestones:
        story.append(
            data_table(
                ["Fecha", "Hito", "Registrado por", "Nota"],
                [(m.day, m.label, m.recorded_by, m.note) for m in case.milestones],
                [0.14, 0.32, 0.18, 0.36],
            )
        )
    else:
        story.append(para("No hay hitos registrados.", st.body))
    story.extend(section("Derivaciones"))
    if case.referrals:
        story.append(
            data_table(
                ["Fecha", "Institución", "Motivo", "Estado", "Seguimiento"],
                [
                    (r.referred_on, r.institution, r.reason, r.status, r.follow_up)
                    for r in case.referrals
                ],
                [0.14, 0.22, 0.28, 0.12, 0.24],
            )
        )
    else:
        story.append(para("No hay derivaciones registradas.", st.body))
    story.extend(section("Archivos adjuntos"))
    if case.attachments:
        story.append(
            data_table(
                ["Archivo", "Tipo", "Tamaño", "Fecha", "SHA-256 (inicio)"],
                [(a.filename, a.mime, a.size, a.created_at, a.sha256) for a in case.attachments],
                [0.34, 0.18, 0.12, 0.14, 0.22],
                numeric=(2,),
            )
        )
    else:
        story.append(para("No hay archivos adjuntos.", st.body))
    return build_pdf(story, meta)


def day_heading(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {format_date(day)}"


def diligencias(count: int) -> str:
    """"1 diligencia", "3 diligencias" (the printed agenda's counts)."""
    return f"{count} diligencia" if count == 1 else f"{count} diligencias"


def counted_items(items: list[AgendaItem]) -> tuple[str, str]:
    """"3 diligencias" (those that stand), and those listed that do not happen, said apart
    as the Agenda's screen says them: " — además, 1 reprogramada a otra fecha y 1
    cancelada" ("" when none; fresh12 #21: the PDF's total counted 4 cancelled hearings
    as activity where the screen said "Total: 14 — además, 4 canceladas")."""
    moved = sum(1 for i in items if i.happens == "rescheduled")
    cancelled = sum(1 for i in items if i.happens == "cancelled")
    said = [
        f"{moved} {'reprogramada' if moved == 1 else 'reprogramadas'} a otra fecha"
        if moved
        else "",
        f"{cancelled} {'cancelada' if cancelled == 1 else 'canceladas'}" if cancelled else "",
    ]
    aside = " y ".join(s for s in said if s)
    return diligencias(len(items) - moved - cancelled), f" — además, {aside}" if aside else ""


def agenda_pdf(agenda: Agenda, meta: DocumentMeta) -> bytes:
    """Hearings and deadlines of the period, grouped by day, in time order; each row names
    its case and the case's client."""
    st = styles()
    story: list[Flowable] = [Spacer(1, 2 * mm)]
    by_day: dict[date, list[AgendaItem]] = defaultdict(list)
    for item in sorted(agenda.items, key=lambda i: (i.at, i.case_number)):
        by_day[item.at.date()].append(item)
    total, aside = counted_items(agenda.items)
    story.append(
        para(
            f"Total: {total} en {len(by_day)} "
            f"{'día' if len(by_day) == 1 else 'días'} con actividad{aside}.",
            st.body,
        )
    )
    if not agenda.items:
        story.append(para("No hay audiencias ni plazos en el periodo.", st.body))
    for day, items in sorted(by_day.items()):
        story.append(CondPageBreak(25 * mm))
        standing, apart = counted_items(items)
        story.append(para(f"{day_heading(day)} — {standing}{apart}", st.heading))
        story.append(
            data_table(
                [
                    "Hora",
                    "Tipo",
                    "Caso / expediente",
                    "Cliente",
                    "Materia",
                    "Lugar",
                    "Estado",
                    "Defensor(a)",
                ],
                [
                    (
                        i.at.strftime("%H:%M"),
                        f"{i.category}: {i.kind}" if i.kind else i.category,
                        f"{i.case_number}\n{i.court_file_number}"
                        if i.court_file_number not in ("", "—")
                        else i.case_number,
                        i.client or "—",
                        i.matter,
                        i.place,
                        i.status,
                        i.defender,
                    )
                    for i in items
                ],
                # "Reprogramada" whole (at 9 % it broke as "Reprograma-da")
                [0.06, 0.14, 0.15, 0.17, 0.11, 0.15, 0.11, 0.11],
                frame_width=LANDSCAPE_FRAME_WIDTH,
            )
        )
    return build_pdf(story, meta, landscape=True)
