"""Built-in choice catalogs that definitions reference with ``"catalog": "<name>"``.

Owns the list of legal matters (``matters``) the legal-aid service records; its values
are the ``matter`` codes statistics and cases use. The ubigeo catalog is not here: the
``ubigeo`` field type uses :mod:`forms.ubigeo` directly.
"""

from __future__ import annotations

Label = dict[str, str]

MATTERS: list[tuple[str, Label]] = [
    ("alimentos", {"es": "Alimentos", "en": "Child support"}),
    ("filiacion", {"es": "Filiación", "en": "Paternity"}),
    ("tenencia", {"es": "Tenencia y régimen de visitas", "en": "Custody and visitation"}),
    ("violencia", {"es": "Violencia familiar (Ley 30364)", "en": "Family violence (Law 30364)"}),
    ("laboral", {"es": "Laboral", "en": "Labour"}),
    ("penal", {"es": "Penal (defensa)", "en": "Criminal defence"}),
    ("victimas", {"es": "Asistencia a víctimas", "en": "Victim assistance"}),
    ("conciliacion", {"es": "Conciliación extrajudicial", "en": "Out-of-court conciliation"}),
    ("civil", {"es": "Civil (otros)", "en": "Civil (other)"}),
    ("otro", {"es": "Otra materia", "en": "Other matter"}),
]

CATALOGS: dict[str, list[tuple[str, Label]]] = {"matters": MATTERS}
