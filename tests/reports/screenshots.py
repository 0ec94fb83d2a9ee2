"""Renders every report from a demo vault into ``docs/screenshots/report_*.png``.

Run: ``.venv/bin/python -m tests.reports.screenshots`` (needs poppler's ``pdftoppm``).
The vault is made up (sample generator + the plain fixture), in a temporary folder;
the PDFs only live in that folder and are deleted with it.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from app import reports
from app.core import sample
from app.reports.data import definition
from app.store import KdfParams, Vault
from tests.reports.fixtures import monthly_input
from tests.reports.seed import seed_store

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "docs" / "screenshots"
NOW = datetime(2026, 4, 2, 9, 15)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("report_*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="chasqui-shots-") as tmp:
        work = Path(tmp)
        store, _ = Vault.create(
            work / "vault", "PUN01", "ALEGRA Puno — Sede Central", "jefa", "frase de demo larga",
            kdf=KdfParams.fast(), display_name="Jefa de Oficina",
        )  # fmt: skip
        seed_store(store, monthly_input(seed=8, n=600))
        rng = random.Random(5)
        who = sample.person(rng)
        who.update(given_names="María Ñusta", paternal_surname="Huamán", maternal_surname="Ccori",
                   mother_tongue="quechua", interpreter_needed=1, ubigeo="210101")  # fmt: skip
        person = store.insert("person", {"office_id": store.office_id, **who})
        answers = sample.intake_answers(rng, who, definition("ficha_atencion", 1))
        answers.update(tipo_servicio="patrocinio", materia="alimentos", discapacidad=False)
        intake = store.insert(
            "intake",
            {"office_id": store.office_id, "person_id": person, "form_id": "ficha_atencion",
             "form_version": 1, "answers": answers, "status": "submitted",
             "service_type": "patrocinio", "matter": "alimentos",
             "defender_id": store.user_id, "recorded_at": "2026-03-09T15:20:00+00:00"},
        )  # fmt: skip
        other = store.insert("person", {"office_id": store.office_id, "given_names": "Julián",
                                        "paternal_surname": "Ñañez", "maternal_surname": "Quispe",
                                        "doc_type": "DNI", "doc_number": "41234567"})  # fmt: skip
        case = store.insert(
            "case",
            {"office_id": store.office_id, "internal_number": "PUN01-2026-010042",
             "intake_id": intake, "person_id": person, "matter": "alimentos",
             "status": "closed", "court_file_number": "00123-2026-0-2101-JP-FC-01",
             "defender_id": store.user_id, "opened_at": "2026-03-09T16:00:00+00:00",
             "closed_at": "2026-03-30T17:00:00+00:00",
             "summary": "Demanda de alimentos para dos hijos menores; el demandado trabaja "
                        "en la mina y no cumple con la pensión desde hace seis meses.",
             "closure": {"fecha_cierre": "2026-03-30", "motivo_cierre": "conclusion",
                         "resultado": "favorable", "monto_alimentos": 650,
                         "resumen_cierre": "Sentencia fija pensión de S/ 650 mensuales."}},
        )  # fmt: skip
        for person_id, role in ((person, "beneficiary"), (other, "counterparty")):
            store.insert("case_party", {"case_id": case, "person_id": person_id, "role": role})
        first = None
        for day, text in ((9, "Se entrevistó a la usuaria con apoyo de intérprete de quechua."),
                          (12, "Se presentó la demanda de alimentos ante el Juzgado de Paz "
                               "Letrado de Puno."),
                          (13, "Se presentó la demanda de alimentos ante el Juzgado de Paz "
                               "Letrado de Puno (corrección: monto solicitado S/ 800)."),
                          (30, "Se notificó la sentencia; ¡pensión fijada!")):  # fmt: skip
            note = store.insert(
                "note",
                {
                    "case_id": case,
                    "text": text,
                    "author_id": store.user_id,
                    "created_at": f"2026-03-{day:02d}T15:00:00+00:00",
                    "signed_at": f"2026-03-{day:02d}T15:30:00+00:00",
                    "supersedes_id": first if day == 13 else None,
                },
            )
            first = note if day == 12 else first
        for day, kind, status in ((16, "audiencia_unica", "rescheduled"),
                                  (23, "audiencia_unica", "held"),
                                  (27, "lectura_sentencia", "held")):  # fmt: skip
            store.insert("hearing", {"case_id": case, "category": "hearing", "kind": kind,
                                     "at": f"2026-03-{day:02d}T10:30", "status": status,
                                     "place": "Juzgado de Paz Letrado de Puno, Sala 3",
                                     "result": "Se fijó nueva fecha" if status == "rescheduled"
                                     else ""})  # fmt: skip
        store.insert("attachment", {"case_id": case, "filename": "demanda_alimentos.pdf",
                                    "mime": "application/pdf", "size": 482133,
                                    "sha256": "9f2c" * 16, "created_at": "2026-03-12"})  # fmt: skip
        stats = reports.monthly_statistics(store, "2026-03", today=date(2026, 4, 2))
        documents = {
            "intake": reports.render_intake(store, intake, now=NOW),
            "case": reports.render_case(store, case, now=NOW),
            "agenda": reports.render_agenda(store, date(2026, 3, 16), date(2026, 3, 20), now=NOW),
            "monthly": reports.render_monthly(stats, generated_by="Jefa de Oficina", now=NOW),
        }
        store.lock()
        for name, pdf in documents.items():
            path = work / f"{name}.pdf"
            path.write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", str(path), str(OUT / f"report_{name}")],
                check=True,
            )
    for png in sorted(OUT.glob("report_*.png")):
        print(png.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
