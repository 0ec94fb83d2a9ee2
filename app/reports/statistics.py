"""Monthly statistics of an office (or one defender), computed from plain rows.

``compute_monthly(MonthlyInput, ...)`` is pure: it takes the rows ``data.py`` read from
the store (or that a test built by hand) and returns ``MonthlyStats``, a list of
sections; each section is a small table (rows × columns of numbers) that the PDF prints
with a chart and the CSV writes one figure per line. Definitions (also printed in the
report's notes):

- attentions: submitted intakes recorded in the month (Lima time) with a service type;
- new cases: opened in the month; closed: closed in the month; active: open at the end
  of the month (opened before it ends, not closed before it ends);
- caseload: active cases per defender against the ceiling (120 by default);
- hearings/deadlines: those dated in the month, by status; one still scheduled whose
  moment has passed (``MonthlyInput.now``) is "vencida", as the Agenda says;
- outcomes and amounts: cases closed in the month, from their closure answers;
- beneficiary profile: distinct people attended in the month (age on the attention day);
- eligibility: assessments still "pendiente" after the term of the rule
  ``evaluacion_gratuidad`` (20 calendar days in the shipped set; a published set may
  count working days, on the vault's calendar) from the intake, at the reference day
  (end of the month, or today for the current month);
- brigades: attentions of the month linked to a campaign, by campaign and locality;
- referrals: referral records dated in the month, by institution (``stats_referrals``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.queries.caseload import DEFAULT_CEILING, closed_on
from app.reports import labels
from app.reports.stat_types import TOTAL, ChartKind, Number, StatRow, StatSection
from app.reports.stats_referrals import referrals_section
from app.reports.timefmt import age_on, parse_datetime
from app.store.collation import spanish_key
from forms.deadline_rules import RuleSet, eligibility_due, eligibility_rule
from forms.workdays import WorkingCalendar
from stats.caseload import active_on, case_span

ELIGIBILITY_DAYS = 20  # the shipped rule's days (the report uses the rule in force)

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0 a 11 años", 0, 11),
    ("12 a 17 años", 12, 17),
    ("18 a 29 años", 18, 29),
    ("30 a 44 años", 30, 44),
    ("45 a 59 años", 45, 59),
    ("60 años a más", 60, 200),
)
NO_DATA = "Sin dato"
TOP_DISTRICTS = 10

# Answer keys read from the closure (cierre_caso) and intake answers. The first key
# present wins, so older and newer form versions both count.
# cierre_caso v1: resultado, monto_alimentos, monto_reparacion_civil; ficha_atencion v1:
# discapacidad. The English names are accepted for closures recorded by other means.
OUTCOME_KEYS = ("resultado", "outcome")
ALIMONY_KEYS = ("monto_alimentos", "alimony_amount")
REPARATION_KEYS = ("monto_reparacion_civil", "civil_reparation_amount")
DISABILITY_KEYS = ("discapacidad", "disability")
PLACE_KEY, LOCALITY_KEY = "lugar_atencion", "brigada_localidad"  # brigade without campaign
ANSWER_KEYS = (*DISABILITY_KEYS, PLACE_KEY, LOCALITY_KEY)  # what data.py extracts


@dataclass(frozen=True)
class MonthlyStats:
    office_name: str
    month_start: date
    month_end: date  # exclusive
    reference_day: date
    ceiling: int
    defender: str | None  # display name when the report is for one defender
    sections: list[StatSection]
    generated_at: datetime | None = None
    generated_by: str | None = None  # who asked for the figures (printed in the footer)
    # the office's timeliness and caseload over the last 12 months (office reports only;
    # app.reports.office_figures.OfficeFigures, printed by app.reports.office_pdf)
    office: Any = None

    def section(self, key: str) -> StatSection:
        for item in self.sections:
            if item.key == key:
                return item
        raise KeyError(key)

    def figures(self) -> Iterator[tuple[StatSection, StatRow, str, Number]]:
        for section in self.sections:
            for row in section.rows:
                for column, value in zip(section.columns, row.values, strict=True):
                    yield section, row, column, value


@dataclass
class MonthlyInput:
    """Rows for one office and month, already without tombstoned records.

    intakes: attentions recorded in the month, with ``answers`` parsed (a dict).
    cases: every case opened before the month ends (``closure`` parsed, may be None).
    hearings: hearings/deadlines dated in the month, each with its case's ``defender_id``.
    eligibility: assessments with result "pendiente", each with ``started_at`` (the
    intake's recorded_at) and ``defender_id``.
    users/persons/campaigns: id → row; district_names: INEI ubigeo → printable name.
    """

    office_name: str
    month_start: date
    month_end: date
    reference_day: date
    users: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    persons: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    campaigns: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    intakes: Sequence[Mapping[str, Any]] = field(default_factory=list)
    cases: Sequence[Mapping[str, Any]] = field(default_factory=list)
    hearings: Sequence[Mapping[str, Any]] = field(default_factory=list)
    eligibility: Sequence[Mapping[str, Any]] = field(default_factory=list)
    referrals: Sequence[Mapping[str, Any]] = field(default_factory=list)  # made in the month
    district_names: Mapping[str, str] = field(default_factory=dict)
    rules: RuleSet | None = None  # the vault's deadline rules (None: the shipped set)
    now: datetime | None = None  # office time now (None: the reference day's end)
    calendar: WorkingCalendar | None = None  # its working-day calendar (None: shipped)


def first(answers: Mapping[str, Any] | None, keys: Sequence[str]) -> Any:
    if not answers:
        return None
    for key in keys:
        if key in answers and answers[key] not in (None, ""):
            return answers[key]
    return None


def to_amount(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount.quantize(Decimal("0.01")) if amount.is_finite() and amount >= 0 else None


def _in_month(value: Any, start: date, end: date) -> bool:
    moment = parse_datetime(value)
    return moment is not None and start <= moment.date() < end


def _active_at(case: Mapping[str, Any], end: date) -> bool:
    """Active on the day before ``end`` (``stats.caseload.active_on``)."""
    return active_on(
        end - timedelta(days=1), *case_span(case.get("opened_at"), closed_on(case),
                                            case.get("status"))
    )  # fmt: skip


def _sorted_counter(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _user_name(inp: MonthlyInput, user_id: Any) -> str:
    user = inp.users.get(str(user_id)) if user_id else None
    if not user:
        return "Sin defensor asignado"
    return str(user.get("display_name") or user.get("name") or user_id)


def _attentions(intakes: list[Mapping[str, Any]]) -> StatSection:
    kinds = ("consulta", "patrocinio", "derivacion")
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for intake in intakes:
        table[labels.label(labels.MATTER, intake.get("matter"))][intake["service_type"]] += 1
    rows = []
    for matter in sorted(table, key=lambda m: (-sum(table[m].values()), m)):
        counts = [table[matter][k] for k in kinds]
        rows.append(StatRow(matter, (*counts, sum(counts))))
    totals = [sum(r.values[i] for r in rows) for i in range(4)]
    rows.append(StatRow(TOTAL, tuple(totals)))
    return StatSection(
        "atenciones",
        "Atenciones por materia",
        ("Consultas", "Patrocinios", "Derivaciones", TOTAL),
        rows,
        chart="bar",
        chart_columns=(0, 1, 2),
        has_total=True,
        row_header="Materia",
    )


def _cases(cases: list[Mapping[str, Any]], start: date, end: date) -> StatSection:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for case in cases:
        matter = labels.label(labels.MATTER, case.get("matter"))
        if _in_month(case.get("opened_at"), start, end):
            table[matter][0] += 1
        if _active_at(case, end):
            table[matter][1] += 1
        if _in_month(closed_on(case), start, end):
            table[matter][2] += 1
    rows = [
        StatRow(m, tuple(v))
        for m, v in sorted(table.items(), key=lambda kv: (-kv[1][1], kv[0]))
        if any(v)
    ]
    rows.append(StatRow(TOTAL, tuple(sum(r.values[i] for r in rows) for i in range(3))))
    return StatSection(
        "casos",
        "Casos (patrocinios) por materia",
        ("Nuevos", "Activos al cierre", "Concluidos"),
        rows,
        chart="bar",
        chart_columns=(0, 1, 2),
        has_total=True,
        note="Activos: abiertos antes del fin del mes y no concluidos a esa fecha.",
        row_header="Materia",
    )


def _caseload(
    inp: MonthlyInput, cases: list[Mapping[str, Any]], ceiling: int, defender_id: str | None
) -> StatSection:
    active: Counter[str] = Counter()
    for case in cases:
        if _active_at(case, inp.month_end):
            active[str(case.get("defender_id") or "")] += 1
    if defender_id:
        ids = [defender_id]
    else:
        ids = sorted(
            {uid for uid, u in inp.users.items() if u.get("role") == "defender"} | set(active),
            key=lambda uid: spanish_key(_user_name(inp, uid)),
        )
    rows = []
    over = []
    for uid in ids:
        count = active[uid]
        share = (Decimal(count * 100) / Decimal(ceiling)).quantize(Decimal("0.1"))
        name = _user_name(inp, uid)
        rows.append(StatRow(name, (count, ceiling, share)))
        if count > ceiling:
            over.append(name)
    note = f"Tope de carga: {ceiling} casos activos por defensor(a). "
    note += "Exceden el tope: " + ", ".join(over) + "." if over else "Nadie excede el tope."
    return StatSection(
        "carga",
        "Carga procesal por defensor(a)",
        ("Casos activos", "Tope", "% del tope"),
        rows,
        chart="hbar",
        chart_columns=(0,),
        note=note,
        row_header="Defensor(a)",
    )


def _by_defender(
    inp: MonthlyInput,
    intakes: list[Mapping[str, Any]],
    cases: list[Mapping[str, Any]],
    hearings: list[Mapping[str, Any]],
) -> StatSection:
    """The month's work of each defender (office report only)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for intake in intakes:
        column = 0 if intake.get("service_type") == "consulta" else 1
        if intake.get("service_type") != "derivacion":
            table[_user_name(inp, intake.get("defender_id"))][column] += 1
    start, end = inp.month_start, inp.month_end
    for case in cases:
        name = _user_name(inp, case.get("defender_id"))
        if _in_month(case.get("opened_at"), start, end):
            table[name][2] += 1
        if _in_month(closed_on(case), start, end):
            table[name][3] += 1
    for item in hearings:
        if item.get("category") != "deadline" and item.get("status") == "held":
            table[_user_name(inp, item.get("defender_id"))][4] += 1
    rows = [StatRow(name, tuple(table[name])) for name in sorted(table, key=str.lower)]
    rows.append(StatRow(TOTAL, tuple(sum(r.values[i] for r in rows) for i in range(5))))
    return StatSection(
        "produccion",
        "Producción del mes por defensor(a)",
        ("Consultas", "Patrocinios", "Casos nuevos", "Concluidos", "Audiencias realizadas"),
        rows,
        chart="bar",
        chart_columns=(0, 1, 2, 3),
        has_total=True,
        row_header="Defensor(a)",
    )


def _hearings(hearings: list[Mapping[str, Any]], now: datetime) -> StatSection:
    statuses = ("held", "failed", "rescheduled", "cancelled", "scheduled")
    counts: dict[str, Counter[str]] = {"hearing": Counter(), "deadline": Counter()}
    for item in hearings:
        category = "deadline" if item.get("category") == "deadline" else "hearing"
        status = item.get("status") if item.get("status") in statuses else "scheduled"
        moment = parse_datetime(item.get("at"))
        if status == "scheduled" and moment is not None and moment < now:
            status = "overdue"  # nobody recorded what happened: the Agenda's "Vencido"
        counts[category][str(status)] += 1
    rows = [
        StatRow(labels.HEARING_STATUS[s] + "s", (counts["hearing"][s], counts["deadline"][s]))
        for s in statuses
    ]
    rows.append(StatRow("Vencidas", (counts["hearing"]["overdue"],
                                     counts["deadline"]["overdue"])))  # fmt: skip
    rows.append(StatRow(TOTAL, (sum(counts["hearing"].values()), sum(counts["deadline"].values()))))
    return StatSection(
        "audiencias",
        "Audiencias y plazos del mes",
        ("Audiencias", "Plazos"),
        rows,
        chart="pie",
        chart_columns=(0,),
        has_total=True,
        note=(
            "Programadas: sin resultado registrado y con fecha por venir. Vencidas: sin "
            "resultado registrado y con fecha ya pasada (la Agenda las muestra «Vencido»)."
        ),
        row_header="Estado",
    )


def _outcomes(
    closed: list[Mapping[str, Any]], outcome_labels: Mapping[str, str]
) -> list[StatSection]:
    outcomes: Counter[str] = Counter()
    sums = {"alimony": Decimal(0), "reparation": Decimal(0)}
    counts: Counter[str] = Counter()
    for case in closed:
        closure = case.get("closure") if isinstance(case.get("closure"), Mapping) else None
        outcome = first(closure, OUTCOME_KEYS)
        outcomes[labels.label(outcome_labels, outcome) if outcome else NO_DATA] += 1
        for key, names in (("alimony", ALIMONY_KEYS), ("reparation", REPARATION_KEYS)):
            amount = to_amount(first(closure, names))
            if amount is not None and amount > 0:
                sums[key] += amount
                counts[key] += 1
    rows = [StatRow(name, (count,)) for name, count in _sorted_counter(outcomes)]
    rows.append(StatRow(TOTAL, (len(closed),)))
    result = StatSection(
        "resultados",
        "Resultados de los casos concluidos en el mes",
        ("Casos",),
        rows,
        chart="pie",
        has_total=True,
        row_header="Resultado",
    )
    amounts = StatSection(
        "montos",
        "Montos obtenidos en los casos concluidos en el mes",
        ("Casos con monto", "Monto total (S/)"),
        [
            StatRow("Pensión de alimentos (mensual)", (counts["alimony"], sums["alimony"])),
            StatRow("Reparación civil", (counts["reparation"], sums["reparation"])),
        ],
        chart="none",
        money_columns=(1,),
        row_header="Concepto",
    )
    return [result, amounts]


def _band(age: int | None) -> str:
    if age is None or age < 0:
        return NO_DATA
    for name, low, high in AGE_BANDS:
        if low <= age <= high:
            return name
    return NO_DATA


def _profile(inp: MonthlyInput, intakes: list[Mapping[str, Any]]) -> list[StatSection]:
    seen: dict[str, Mapping[str, Any]] = {}
    for intake in sorted(intakes, key=lambda i: str(i.get("recorded_at") or "")):
        seen.setdefault(str(intake.get("person_id")), intake)
    sex: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    tongue: Counter[str] = Counter()
    interpreter: Counter[str] = Counter()
    disability: Counter[str] = Counter()
    district: Counter[str] = Counter()
    for person_id, intake in seen.items():
        person = inp.persons.get(person_id, {})
        sex[labels.label(labels.SEX, person.get("sex")) if person.get("sex") else NO_DATA] += 1
        birth = parse_datetime(person.get("birth_date"))
        day = parse_datetime(intake.get("recorded_at"))
        age = age_on(birth.date(), day.date()) if birth and day else None
        bands[_band(age)] += 1
        code = person.get("mother_tongue")
        tongue[labels.label(labels.LANGUAGE, code) if code else NO_DATA] += 1
        need = person.get("interpreter_needed")
        interpreter[labels.yes_no(need) if need not in (None, "") else NO_DATA] += 1
        flag = first(intake.get("answers") or {}, DISABILITY_KEYS)
        disability[labels.yes_no(flag) if flag is not None else NO_DATA] += 1
        ubigeo = person.get("ubigeo")
        district[inp.district_names.get(str(ubigeo), str(ubigeo)) if ubigeo else NO_DATA] += 1
    total = len(seen)

    def section(
        key: str,
        title: str,
        header: str,
        counter: Counter[str],
        order: Sequence[str] | None,
        chart: ChartKind,
    ) -> StatSection:
        if order is None:
            items = _sorted_counter(counter)
        else:
            items = [(k, counter[k]) for k in order if counter[k]]
            items += [(k, v) for k, v in _sorted_counter(counter) if k not in order]
        rows = [StatRow(k, (v,)) for k, v in items]
        rows.append(StatRow(TOTAL, (total,)))
        return StatSection(
            key, title, ("Personas",), rows, chart=chart, has_total=True, row_header=header,
            people=True,
        )  # fmt: skip

    top = _sorted_counter(district)
    if len(top) > TOP_DISTRICTS:
        rest = sum(v for _, v in top[TOP_DISTRICTS:])
        district = Counter(dict(top[:TOP_DISTRICTS]))
        district["Otros distritos"] = rest
    yes_no = ["Sí", "No", NO_DATA]
    return [
        section("perfil_sexo", "Personas atendidas por sexo", "Sexo", sex,
                [*labels.SEX.values(), NO_DATA], "pie"),
        section("perfil_edad", "Personas atendidas por grupo de edad", "Grupo de edad", bands,
                [b[0] for b in AGE_BANDS] + [NO_DATA], "bar"),
        section("perfil_lengua", "Personas atendidas por lengua materna", "Lengua materna",
                tongue, None, "hbar"),
        section("perfil_interprete", "Personas que requieren intérprete",
                "Requiere intérprete", interpreter, yes_no, "pie"),
        section("perfil_discapacidad", "Personas con discapacidad", "Discapacidad", disability,
                yes_no, "pie"),
        section("perfil_distrito", "Personas atendidas por distrito de residencia",
                "Distrito (provincia)", district, None, "hbar"),
    ]  # fmt: skip


def eligibility_term(inp: MonthlyInput) -> str:
    """The eligibility term in words: "20 días" (calendar) or "10 días hábiles"."""
    rule = eligibility_rule(inp.rules)
    return f"{rule.days} días" + (" hábiles" if rule.unit == "working" else "")


def _eligibility(inp: MonthlyInput, pending: list[Mapping[str, Any]]) -> StatSection:
    rule = eligibility_rule(inp.rules)
    term = eligibility_term(inp)
    total = late = 0
    by_defender: Counter[str] = Counter()
    for item in pending:
        started = parse_datetime(item.get("started_at"))
        if started is None or started.date() > inp.reference_day:
            continue
        total += 1
        if eligibility_due(started.date(), inp.rules, inp.calendar) < inp.reference_day:
            late += 1
            by_defender[_user_name(inp, item.get("defender_id"))] += 1
    rows = [
        StatRow("Evaluaciones pendientes", (total,)),
        StatRow(f"Pendientes por más de {term}", (late,)),
    ]
    rows += [StatRow(f"Más de {term} — {name}", (n,)) for name, n in _sorted_counter(by_defender)]
    unit = "días hábiles" if rule.unit == "working" else "días calendario"
    version = inp.rules.version if inp.rules is not None else 1
    return StatSection(
        "elegibilidad",
        "Evaluación de gratuidad pendiente",
        ("Evaluaciones",),
        rows,
        chart="none",
        note=(
            f"Situación al {inp.reference_day.strftime('%d/%m/%Y')}: evaluaciones socioeconómicas "
            f"en estado pendiente; el plazo es de {rule.days} {unit} desde la atención "
            f"(regla «{rule.title}», versión {version} de las reglas de plazos)."
        ),
        row_header="Situación",
    )


def _brigades(inp: MonthlyInput, intakes: list[Mapping[str, Any]]) -> StatSection:
    attentions: Counter[str] = Counter()
    people: dict[str, set[str]] = defaultdict(set)
    for intake in intakes:
        cid = intake.get("campaign_id")
        answers = intake.get("answers") or {}
        if not cid and answers.get(PLACE_KEY) == "brigada":
            # a brigade attention recorded without its campaign: grouped by locality
            cid = "\0" + str(answers.get(LOCALITY_KEY) or "").strip()
        if cid:
            attentions[str(cid)] += 1
            people[str(cid)].add(str(intake.get("person_id")))
    for cid, campaign in inp.campaigns.items():
        starts = parse_datetime(campaign.get("starts_on"))
        ends = parse_datetime(campaign.get("ends_on")) or starts
        if starts and ends and starts.date() < inp.month_end and ends.date() >= inp.month_start:
            attentions.setdefault(cid, 0)
    rows = []
    for cid in sorted(attentions, key=lambda c: (-attentions[c], c)):
        campaign = inp.campaigns.get(cid, {})
        name = str(campaign.get("name") or "Campaña sin registrar")
        locality = str(campaign.get("locality") or "")
        row_label = f"{name} — {locality}" if locality else name
        if cid.startswith("\0"):  # the locality is what tells these rows apart: first
            row_label = f"{cid[1:] or 'Localidad sin dato'} (brigada sin campaña registrada)"
        rows.append(StatRow(row_label, (attentions[cid], len(people[cid]))))
    rows.append(
        StatRow(
            TOTAL,
            (sum(attentions.values()), len(set().union(*people.values()) if people else set())),
        )
    )
    return StatSection(
        "brigadas",
        "Actividad de brigadas por campaña y localidad",
        ("Atenciones", "Personas"),
        rows,
        chart="hbar",
        chart_columns=(0,),
        has_total=True,
        row_header="Campaña — localidad",
        people=True,
    )


def compute_monthly(
    inp: MonthlyInput,
    *,
    defender_id: str | None = None,
    ceiling: int = DEFAULT_CEILING,
    outcome_labels: Mapping[str, str] | None = None,
    generated_at: datetime | None = None,
) -> MonthlyStats:
    """Every figure of the monthly report; only ``defender_id``'s work when given."""
    if ceiling <= 0:
        raise ValueError("el tope de carga debe ser mayor que cero")

    def mine(row: Mapping[str, Any]) -> bool:
        return defender_id is None or row.get("defender_id") == defender_id

    start, end = inp.month_start, inp.month_end

    def parsed(rows: Sequence[Mapping[str, Any]], *keys: str) -> list[Mapping[str, Any]]:
        # each timestamp is parsed once here; the section helpers see datetimes
        return [{**r, **{k: parse_datetime(r.get(k)) for k in keys}} for r in rows]

    intakes = [
        i
        for i in parsed(inp.intakes, "recorded_at")
        if mine(i)
        and i.get("status") == "submitted"
        and i.get("service_type") in labels.SERVICE
        and _in_month(i.get("recorded_at"), start, end)
    ]
    cases = [c for c in parsed(inp.cases, "opened_at", "closed_at") if mine(c)]
    closed = [c for c in cases if _in_month(closed_on(c), start, end)]
    hearings = [h for h in inp.hearings if mine(h) and _in_month(h.get("at"), start, end)]
    pending = [e for e in parsed(inp.eligibility, "started_at") if mine(e)]
    sections = [
        _attentions(intakes),
        _cases(cases, start, end),
        _caseload(inp, cases, ceiling, defender_id),
        *([] if defender_id else [_by_defender(inp, intakes, cases, hearings)]),
        _hearings(hearings, inp.now or datetime.combine(inp.reference_day, datetime.max.time())),
        *_outcomes(closed, outcome_labels or {}),
        *_profile(inp, intakes),
        _eligibility(inp, pending),
        _brigades(inp, intakes),
        referrals_section([r for r in inp.referrals if mine(r)]),
    ]
    return MonthlyStats(
        office_name=inp.office_name,
        month_start=start,
        month_end=end,
        reference_day=inp.reference_day,
        ceiling=ceiling,
        defender=_user_name(inp, defender_id) if defender_id else None,
        sections=sections,
        generated_at=generated_at,
    )
