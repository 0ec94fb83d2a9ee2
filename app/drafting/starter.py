"""The starter writ templates, written as Word files (``python -m app.drafting.starter``).

Owns the text of the three starter templates: a demanda de alimentos (one block per
child, the evidence and annexes lists, signature blocks for the claimant and the
defender), an apersonamiento and a solicitud de medidas de protección (Ley 30364). They
are built with ``python-docx`` into ``resources/drafting/<kind>.docx``, which ship with
the app; an office may replace them with its own (checked by ``templates``).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HEADING = "{{ demandante.nombre_completo }}"


def _document() -> WordDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    return doc


def _para(doc: WordDocument, text: str, bold: bool = False, right: bool = False) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _head(doc: WordDocument, sumilla: str, filed: bool = True) -> None:
    """The header; ``filed``: the writ goes to a process that has its expediente (a new
    demanda has none yet: it starts one — fresh7 #8)."""
    if filed:
        _para(doc, "Expediente: {{ caso.expediente or 'por asignar' }}", right=True)
    _para(doc, "Caso interno: {{ caso.numero_interno }}", right=True)
    _para(doc, f"Sumilla: {sumilla}", bold=True, right=True)


def _addressee(doc: WordDocument) -> None:
    """The judge the writ is addressed to: the case's court (``caso.juzgado``: the court
    file's, else the one its matter goes to, ``context.MATTER_COURTS``; never blank — a
    case whose court is unknown prints "[COMPLETAR: juzgado]", fresh-eyes #21)."""
    _para(
        doc,
        "SEÑOR(A) JUEZ(A) DEL {{ caso.juzgado|upper }}"
        "{% if caso.distrito_judicial %} DE {{ caso.distrito_judicial|upper }}{% endif %}:",
        True,
    )


def _signatures(doc: WordDocument) -> None:
    _para(doc, "{{ fecha.lugar }}, {{ fecha.hoy_letras }}.")
    table = doc.add_table(rows=3, cols=2)
    rows = [
        ("______________________________", "______________________________"),
        ("{{ demandante.nombre_completo }}", "{{ defensor.nombre }}"),
        (
            "{{ demandante.documento_tipo }} N.° {{ demandante.documento_numero }}",
            "Defensor(a) público(a) — {{ oficina.nombre }}",
        ),
    ]
    for row, (left, right) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = left, right


def demanda_alimentos() -> WordDocument:
    doc = _document()
    _head(doc, "Demanda de alimentos", filed=False)
    _addressee(doc)
    _para(
        doc,
        "{{ demandante.nombre_completo }}, identificada con {{ demandante.documento_tipo }} "
        "N.° {{ demandante.documento_numero }}, con domicilio real en "
        "{{ demandante.domicilio }}, distrito de {{ demandante.distrito }}, patrocinada por "
        "la Defensa Pública ({{ oficina.nombre }}), por derecho propio{% if hijos %} y en "
        "representación de {% for h in hijos %}{{ h.nombre }}{% if not loop.last %}, "
        "{% endif %}{% endfor %}, menor{% if hijos | length > 1 %}es{% endif %} de edad a "
        "su cargo{% endif %}, a usted respetuosamente digo:",
    )
    _para(doc, "I. PETITORIO", True)
    _para(
        doc,
        "Interpongo demanda de alimentos contra {{ obligado.nombre_completo }}, identificado "
        "con {{ obligado.documento_tipo }} N.° {{ obligado.documento_numero }}, a quien se le "
        "notificará en su domicilio real en {{ obligado.domicilio }}"
        "{% if obligado.distrito %}, distrito de {{ obligado.distrito }}{% endif %}, a fin de "
        "que acuda con una pensión alimenticia mensual de {{ monto.letras }} a favor de:",
    )
    _para(doc, "{%p for h in hijos %}")
    _para(
        doc,
        # neither "nacido" nor "nacida": the ficha does not say the child's sex, and
        # "nacido(a)" read as a form (fresh8 #10)
        "— {{ h.nombre }}, de {{ h.edad }} años, con fecha de nacimiento "
        "{{ h.fecha_nacimiento_letras }}, acta de nacimiento N.° {{ h.acta_numero }}.",
    )
    _para(doc, "{%p endfor %}")
    _para(doc, "II. DEL DEMANDADO", True)
    _para(
        doc,
        "{% if obligado.ocupacion %}El demandado tiene como ocupación {{ obligado.ocupacion }}"
        "{% else %}La ocupación del demandado no se ha precisado{% endif %} y "
        "{% if obligado.ingreso_letras %}percibe un ingreso mensual estimado de "
        "{{ obligado.ingreso_letras }}{% else %}su ingreso mensual no se ha precisado"
        "{% endif %}.",
    )
    _para(doc, "III. FUNDAMENTOS DE HECHO", True)
    _para(doc, "{{ hechos }}")
    _para(doc, "IV. FUNDAMENTOS DE DERECHO", True)
    _para(
        doc,
        "Artículos 472 y 474 del Código Civil; artículos 92, 93 y 164 y siguientes del "
        "Código de los Niños y Adolescentes; artículo 546 del Código Procesal Civil.",
    )
    _para(doc, "V. MONTO DEL PETITORIO", True)
    _para(doc, "{{ monto.letras }} mensuales.")
    _para(doc, "VI. MEDIOS PROBATORIOS", True)
    _para(doc, "{%p for h in hijos %}")
    _para(
        doc,
        "— Acta de nacimiento N.° {{ h.acta_numero }} de {{ h.nombre }}, expedida por "
        "{{ h.acta_oficina }}.",
    )
    _para(doc, "{%p endfor %}")
    _para(doc, "— Documento de identidad de la demandante.")
    _para(doc, "VII. ANEXOS", True)
    _para(doc, "{%p for a in anexos %}")
    _para(doc, "{{ a.codigo }}. {{ a.descripcion }}")
    _para(doc, "{%p endfor %}")
    _para(doc, "POR TANTO: A usted pido admitir la demanda y declararla fundada en su momento.")
    _signatures(doc)
    return doc


def apersonamiento() -> WordDocument:
    doc = _document()
    _head(doc, "Me apersono al proceso")
    _addressee(doc)
    _para(
        doc,
        "{{ defensor.nombre }}, defensor(a) público(a) de {{ oficina.nombre }}, en defensa "
        "de {{ demandante.nombre_completo }}, identificada con {{ demandante.documento_tipo }} "
        "N.° {{ demandante.documento_numero }}, en el proceso sobre {{ caso.materia }}, a "
        "usted respetuosamente digo:",
    )
    _para(
        doc,
        "Que me apersono a la instancia como abogado(a) defensor(a) de la persona "
        "indicada, y solicito que en adelante se me notifique en la casilla electrónica de "
        "la Defensa Pública, conforme a la Ley 29360, Ley del Servicio de Defensa Pública.",
    )
    _para(doc, "POR TANTO: A usted pido tenerme por apersonado(a) al proceso.")
    _signatures(doc)
    return doc


def medidas_proteccion() -> WordDocument:
    doc = _document()
    _head(doc, "Solicito medidas de protección (Ley 30364)")
    _para(doc, "SEÑOR(A) JUEZ(A) DEL JUZGADO DE FAMILIA DE {{ fecha.lugar|upper }}:", True)
    _para(
        doc,
        "{{ demandante.nombre_completo }}, identificada con {{ demandante.documento_tipo }} "
        "N.° {{ demandante.documento_numero }}, con domicilio en {{ demandante.domicilio }}, "
        "patrocinada por la Defensa Pública ({{ oficina.nombre }}), a usted digo:",
    )
    _para(doc, "I. HECHOS", True)
    _para(doc, "{{ hechos }}")
    _para(
        doc,
        "Fecha de los hechos: {{ violencia.fecha_hechos or 'por precisar' }}. Tipo de "
        "violencia: {{ violencia.tipos or 'por precisar' }}. Relación con la persona "
        "agresora: {{ violencia.relacion_agresor or 'por precisar' }}. Nivel de riesgo: "
        "{{ violencia.riesgo or 'por valorar' }}."
        "{% if violencia.denuncia_numero %} Denuncia N.° {{ violencia.denuncia_numero }} "
        "ante {{ violencia.denuncia_entidad }}.{% endif %}",
    )
    _para(doc, "II. MEDIDAS QUE SE SOLICITAN", True)
    _para(
        doc,
        "El retiro de la persona agresora del domicilio, el impedimento de acercamiento o "
        "proximidad a la víctima, la prohibición de comunicación por cualquier medio y las "
        "demás que el juzgado considere necesarias{% if hijos %}, también a favor de "
        "{% for h in hijos %}{{ h.nombre }}{% if not loop.last %}, {% endif %}{% endfor %}"
        "{% endif %}.",
    )
    _para(doc, "III. FUNDAMENTOS DE DERECHO", True)
    _para(
        doc,
        "Ley 30364, Ley para prevenir, sancionar y erradicar la violencia contra las "
        "mujeres y los integrantes del grupo familiar, artículos 16 y 22; su Reglamento.",
    )
    _para(doc, "POR TANTO: A usted pido dictar las medidas de protección solicitadas.")
    _signatures(doc)
    return doc


BUILDERS = {
    "demanda_alimentos": demanda_alimentos,
    "apersonamiento": apersonamiento,
    "medidas_proteccion": medidas_proteccion,
}


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind, build in BUILDERS.items():
        path = folder / f"{kind}.docx"
        build().save(str(path))
        out.append(path)
    return out


if __name__ == "__main__":
    from app.drafting.templates import templates_dir

    for written in write_all(templates_dir()):
        print(written)
