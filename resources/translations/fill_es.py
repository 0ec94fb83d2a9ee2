# ruff: noqa: E501  (a translation table: whole sentences)
"""Build ``chasqui_es.qm``: the Spanish plural forms of our ``%n`` texts, and key names
as the keyboard and the guide print them.

Spanish is the source language of the code, so this translation holds only what a source
string cannot say by itself:

- the plural forms of every ``tr(text, "", n)`` whose text has ``%n`` ("%n conflicto(s)"
  → "1 conflicto" / "3 conflictos"; Qt chooses the form by the Spanish plural rule);
- Qt's own texts as said in Peru (``QT_TEXTS``): key names in menus (``qtbase_es``
  writes "Control+N", the guide and the keyboard "Ctrl+N"); "archivo" where ``qtbase_es``
  says "fichero" (Spain) in the file dialog.

Run after changing a ``%n`` text::

    .venv/bin/pyside6-lupdate app/ui/*.py app/ui/forms/*.py -target-language es \\
        -ts resources/translations/chasqui_es.ts
    .venv/bin/python resources/translations/fill_es.py

A ``%n`` text without its forms here is listed on stderr and the exit code is 1
(``tests/ui/test_shell_walkthrough.py`` checks the same), so none is forgotten.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
TS = HERE / "chasqui_es.ts"
QM = HERE / "chasqui_es.qm"

# source with %n -> (singular, plural)
PLURALS: dict[str, tuple[str, str]] = {
    "%n enviado(s)": ("%n enviado", "%n enviados"),
    "%n recibido(s)": ("%n recibido", "%n recibidos"),
    "%n conflicto(s)": ("%n conflicto", "%n conflictos"),
    "%n en cuarentena": ("%n en cuarentena", "%n en cuarentena"),
    "quedan %n día(s) hábil(es)": ("queda %n día hábil", "quedan %n días hábiles"),
    "Atención: %n plazo(s) vence(n) en los próximos %1 días hábiles": (
        "Atención: %n plazo vence en los próximos %1 días hábiles",
        "Atención: %n plazos vencen en los próximos %1 días hábiles",
    ),
    "Por enviar: %n": ("Por enviar: %n", "Por enviar: %n"),
    "Conflictos: %n": ("Conflictos: %n", "Conflictos: %n"),
    "Aún no ha hecho una copia de seguridad y hay %n cambio(s) que no está(n) en el servidor. Guarde una copia en una memoria USB.": (
        "Aún no ha hecho una copia de seguridad y hay %n cambio que no está en el servidor. Guarde una copia en una memoria USB.",
        "Aún no ha hecho una copia de seguridad y hay %n cambios que no están en el servidor. Guarde una copia en una memoria USB.",
    ),
    "Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambio(s) que no está(n) en el servidor. Guarde una copia en una memoria USB.": (
        "Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambio que no está en el servidor. Guarde una copia en una memoria USB.",
        "Su última copia de seguridad, del %2, tiene más de %1 y hay %n cambios que no están en el servidor. Guarde una copia en una memoria USB.",
    ),
    "⚠ %n audiencia(s) o plazo(s) en día no hábil (sábado, domingo o feriado): revise la fecha; el siguiente día hábil aparece al pasar el cursor.": (
        "⚠ %n audiencia o plazo en día no hábil (sábado, domingo o feriado): revise la fecha; el siguiente día hábil aparece al pasar el cursor.",
        "⚠ %n audiencias o plazos en día no hábil (sábado, domingo o feriado): revise las fechas; el siguiente día hábil aparece al pasar el cursor.",
    ),
    "%n día(s)": ("%n día", "%n días"),
    "⚠ %n audiencia(s) a una hora inusual: revise la hora.": (
        "⚠ %n audiencia a una hora inusual: revise la hora.",
        "⚠ %n audiencias a una hora inusual: revise las horas.",
    ),
    "%n cambio(s) solo está(n) en esta laptop: el servidor aún no los tiene. %1 Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de todos modos?": (
        "%n cambio solo está en esta laptop: el servidor aún no lo tiene. %1 Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de todos modos?",
        "%n cambios solo están en esta laptop: el servidor aún no los tiene. %1 Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de todos modos?",
    ),
    "%n plazo(s)": ("%n plazo", "%n plazos"),
    "%n audiencia(s)": ("%n audiencia", "%n audiencias"),
    "%1, de %n caso(s).": ("%1, de %n caso.", "%1, de %n casos."),
    "Conflictos (%n)": ("Conflictos (%n)", "Conflictos (%n)"),
    "Cuarentena (%n)": ("Cuarentena (%n)", "Cuarentena (%n)"),
    "Recibidos apartados (%n)": ("Recibidos apartados (%n)", "Recibidos apartados (%n)"),
    "Paquete guardado en %1 con %n cambio(s). Llévelo al servidor de la oficina e importe aquí la respuesta.": (
        "Paquete guardado en %1 con %n cambio. Llévelo al servidor de la oficina e importe aquí la respuesta.",
        "Paquete guardado en %1 con %n cambios. Llévelo al servidor de la oficina e importe aquí la respuesta.",
    ),
    "Cancelar con el caso %n audiencia(s) o plazo(s) pendiente(s):": (
        "Cancelar con el caso %n audiencia o plazo pendiente:",
        "Cancelar con el caso las %n audiencias y plazos pendientes:",
    ),
    "Se cancelaron %n audiencia(s) o plazo(s) pendiente(s).": (
        "Se canceló %n audiencia o plazo pendiente.",
        "Se cancelaron %n audiencias o plazos pendientes.",
    ),
    "Queda(n) %n audiencia(s) o plazo(s) pendiente(s).": (
        "Queda %n audiencia o plazo pendiente.",
        "Quedan %n audiencias o plazos pendientes.",
    ),
    "Restaurar %n audiencia(s) o plazo(s) que el cierre canceló:": (
        "Restaurar %n audiencia o plazo que el cierre canceló:",
        "Restaurar las %n audiencias y plazos que el cierre canceló:",
    ),
    "Se restauraron %n audiencia(s) o plazo(s).": (
        "Se restauró %n audiencia o plazo.",
        "Se restauraron %n audiencias o plazos.",
    ),
    "Siguen canceladas %n audiencia(s) o plazo(s).": (
        "Sigue cancelada %n audiencia o plazo.",
        "Siguen canceladas %n audiencias o plazos.",
    ),
    "%n reprogramada(s)": ("%n reprogramada", "%n reprogramadas"),
    "%n cancelada(s)": ("%n cancelada", "%n canceladas"),
    "%n reprogramada(s) a otra fecha": ("%n reprogramada a otra fecha", "%n reprogramadas a otra fecha"),
}

# Qt's own texts said as in Peru, by Qt context: key names as printed on the keys and in
# docs/guia-defensor.md (qtbase_es: "Control"), "archivo" where qtbase_es says "fichero".
QT_TEXTS: dict[str, dict[str, str]] = {
    "QShortcut": {"Ctrl": "Ctrl"},
    "QFileDialog": {
        "All Files (*)": "Todos los archivos (*)",
        "File &name:": "&Nombre de archivo:",
        "Files of type:": "Archivos de tipo:",
        "%1 already exists.\nDo you want to replace it?": "El archivo %1 ya existe.\n¿Desea reemplazarlo?",
        "%1\nFile not found.\nPlease verify the correct file name was given.": "%1\nArchivo no encontrado.\nVerifique que el nombre del archivo es correcto.",
    },
    "QFileSystemModel": {"Invalid filename": "Nombre de archivo no válido"},
    "QFile": {"Destination file is the same file.": "El archivo de destino es el mismo."},
    "QIODevice": {
        "No such file or directory": "No hay ningún archivo o carpeta con ese nombre",
        "Too many open files": "Demasiados archivos abiertos simultáneamente",
    },
}


def fill(ts: Path = TS) -> list[str]:
    """Keep only the ``%n`` messages, with their Spanish forms, and add ``QT_TEXTS``;
    returns the ``%n`` sources without forms."""
    tree = ET.parse(ts)  # noqa: S314 - our own lupdate output, not untrusted input
    root = tree.getroot()
    root.set("language", "es")
    missing: list[str] = []
    for context in list(root.iter("context")):
        if context.findtext("name") in QT_TEXTS:
            root.remove(context)
            continue
        for message in list(context.iter("message")):
            source = message.findtext("source") or ""
            old = message.find("translation")
            gone = old is not None and old.get("type") in ("vanished", "obsolete")
            if message.get("numerus") != "yes" or gone:
                context.remove(message)  # Spanish already (the source), or no longer used
                continue
            forms = PLURALS.get(source)
            if forms is None:
                missing.append(source)
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            translation.attrib.pop("type", None)
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        if not context.findall("message"):
            root.remove(context)
    for name, texts in QT_TEXTS.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for source, text in texts.items():
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation").text = text
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    sys.path.insert(0, str(HERE))
    from fill_en import release  # the same compile step as the English

    return release(fill(), "Spanish plural forms", TS, QM)


if __name__ == "__main__":
    sys.exit(main())
