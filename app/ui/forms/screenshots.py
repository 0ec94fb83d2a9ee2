"""Screenshots of the rendered intake form (documentation and visual checks).

Run: ``QT_QPA_PLATFORM=offscreen python -m app.ui.forms.screenshots docs/screenshots``
writes ``form_*.png``: the top of the empty intake form, the identification section
with a wrong DNI, the violence block, and the children repeat group with two rows.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.ui.forms.view import FormView
from forms import load_registry

TODAY = _dt.date(2026, 11, 26)


def _scroll_to(view: FormView, name: str) -> None:
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    row = view.rows[name]
    content = view.scroll_area.widget()
    if content is not None:
        top = row.mapTo(content, row.rect().topLeft()).y()
        view.scroll_area.verticalScrollBar().setValue(top - 40)


def save_screenshots(folder: Path, lang: str = "es") -> list[Path]:
    """Render the intake form in a few states and save PNGs; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    definition = load_registry().get("ficha_atencion")
    view = FormView(definition, lang=lang, today=TODAY)
    view.resize(1100, 860)
    view.show()
    out: list[Path] = []

    def shot(name: str) -> None:
        app = QApplication.instance()
        if app is not None:
            app.processEvents()  # settle layouts (scroll bars) before grabbing
        path = folder / f"form_{name}.png"
        view.grab().save(str(path))
        out.append(path)

    shot(f"ficha_{lang}_inicio")
    view.set_answers(
        {
            "fecha_atencion": "2026-11-20",
            "lugar_atencion": "brigada",
            "brigada_localidad": "Comunidad nativa Nuevo Saposoa",
            "defensor": "Ana Torres",
            "tipo_servicio": "patrocinio",
            "area": "defensa_victimas",
            "materia": "violencia",
            "tipo_documento": "DNI",
            "numero_documento": "12345678-2",
            "nombres": "María Ñusta",
            "apellido_paterno": "Quispe",
            "sexo": "F",
            "fecha_nacimiento": "2010-05-14",
            "lengua_materna": "quechua",
            "requiere_interprete": True,
            "ubigeo_domicilio": "080101",
            "telefono": "987654321",
        }
    )
    view.problems()  # every message shows, as after "Abrir caso"
    _scroll_to(view, "tipo_documento")
    shot(f"ficha_{lang}_identificacion")
    _scroll_to(view, "tipos_violencia")
    shot(f"ficha_{lang}_violencia")
    view.set_answers(
        {
            **view.draft_answers(),
            "materia": "alimentos",
            "hijos": [
                {"hijo_nombres": "Luz Quispe", "hijo_fecha_nacimiento": "2019-03-02"},
                {"hijo_nombres": "Túpac Quispe", "hijo_fecha_nacimiento": "2030-01-01"},
            ],
        }
    )
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    view.nav.setCurrentRow([s.name for s in definition.sections].index("alimentos"))
    shot(f"ficha_{lang}_alimentos")
    view.close()
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from app.ui.app import make_application

    lang = args[1] if len(args) > 1 else "es"
    make_application(lang)
    for path in save_screenshots(Path(args[0] if args else "docs/screenshots"), lang):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
