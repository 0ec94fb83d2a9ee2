"""Spanish (Peru) labels for the codes stored in records: matters, statuses, roles...

Reports print labels, never raw codes. An unknown code (a newer app version, a new
matter) is shown humanized ("victima_asistencia" → "Victima asistencia") instead of
failing: a report must always print.
"""

from __future__ import annotations

from collections.abc import Mapping

from forms.catalogs import MATTERS as FORM_MATTERS

MATTER = {
    "alimentos": "Alimentos",
    "filiacion": "Filiación",
    "violencia": "Violencia familiar",
    "violencia_familiar": "Violencia familiar",
    "laboral": "Laboral",
    "penal": "Penal",
    "victimas": "Asistencia a víctimas",
    "victima": "Asistencia a víctimas",
    "asistencia_victimas": "Asistencia a víctimas",
    "conciliacion": "Conciliación",
    "familia": "Familia",
    "civil": "Civil",
    "tenencia": "Tenencia",
    "otros": "Otros",
    "otro": "Otros",
}

# The forms catalog is the reference for matter codes; the table above keeps older codes.
MATTER.update({code: label["es"] for code, label in FORM_MATTERS})

SERVICE = {"consulta": "Consulta", "patrocinio": "Patrocinio", "derivacion": "Derivación"}

CASE_STATUS = {"open": "En trámite", "closed": "Concluido", "archived": "Archivado"}

INTAKE_STATUS = {"draft": "Borrador", "submitted": "Registrada"}

HEARING_STATUS = {
    "scheduled": "Programada",
    "held": "Realizada",
    "failed": "Frustrada",
    "rescheduled": "Reprogramada",
}

HEARING_KIND = {
    "audiencia_unica": "Audiencia única",
    "conciliacion": "Conciliación",
    "lectura_sentencia": "Lectura de sentencia",
    "medidas_proteccion": "Medidas de protección",
    "declaracion_victima": "Declaración de la víctima",
    "juicio_oral": "Juicio oral",
    "prision_preventiva": "Prisión preventiva",
    "control_acusacion": "Control de acusación",
    "juzgamiento": "Juzgamiento",
    "prueba_adn": "Prueba de ADN",
    "evaluacion_psicologica": "Evaluación psicológica",
    "contestar_demanda": "Contestar la demanda",
    "apelacion": "Apelación",
    "subsanar_observacion": "Subsanar observación",
    "alegatos": "Alegatos",
}

HEARING_CATEGORY = {"hearing": "Audiencia", "deadline": "Plazo"}

PARTY_ROLE = {
    "beneficiary": "Beneficiario(a)",
    "counterparty": "Contraparte",
    "other": "Otro",
}

SEX = {"F": "Femenino", "M": "Masculino", "X": "No especificado"}

DOC_TYPE = {
    "DNI": "DNI",
    "CE": "Carné de extranjería",
    "PASAPORTE": "Pasaporte",
    "CPP": "CPP",
    "RUC": "RUC",
    "SIN_DOCUMENTO": "Sin documento",
}

ELIGIBILITY = {
    "pendiente": "Pendiente",
    "gratuito": "Gratuito",
    "no_gratuito": "No gratuito",
    "exonerado": "Exonerado",
}

LANGUAGE = {
    "castellano": "Castellano",
    "espanol": "Castellano",
    "es": "Castellano",
    "quechua": "Quechua",
    "qu": "Quechua",
    "aimara": "Aimara",
    "aymara": "Aimara",
    "ay": "Aimara",
    "shipibo": "Shipibo-Konibo",
    "shipibo_konibo": "Shipibo-Konibo",
    "shipibo-konibo": "Shipibo-Konibo",
    "ashaninka": "Asháninka",
    "awajun": "Awajún",
    "otra": "Otra lengua",
    "otro": "Otra lengua",
}

YES_NO = {True: "Sí", False: "No"}


def humanize(code: object) -> str:
    """A readable form of an unknown code: underscores to spaces, first letter upper."""
    if code is None or code == "":
        return "—"
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def label(table: Mapping[str, str], code: object) -> str:
    """The label of ``code`` in ``table``; humanized when unknown, "—" when empty."""
    if code is None or code == "":
        return "—"
    key = str(code)
    return table.get(key) or table.get(key.lower()) or humanize(key)


def yes_no(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return "Sí" if value.strip().lower() in ("1", "si", "sí", "true", "yes") else "No"
    return "Sí" if value else "No"
