"""Published catalogs (ubigeo districts) reach devices once; bad CSV files are refused;
changes by users the office does not know are kept and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import protocol
from sync.server import cli
from sync.server.admin import AdminError
from tests.server.conftest import Server, statuses

HEADER = "inei,reniec,departamento,provincia,distrito\n"


def _csv(tmp: Path, body: str, name: str = "distritos.csv", header: str = HEADER) -> Path:
    path = tmp / name
    path.write_text(header + body, encoding="utf-8")
    return path


def _pull(server: Server, dev: object, versions: dict[str, int]) -> dict:  # type: ignore[type-arg]
    r = server.call(
        "POST",
        "/v1/sync",
        dev.batch([], catalog_versions=versions),  # type: ignore[attr-defined]
        headers=dev.auth,  # type: ignore[attr-defined]
    )
    assert r.status_code == 200, r.text
    return r.json()["pull"]  # type: ignore[no-any-return]


def test_catalog_versions_travel_once_and_accumulate(server: Server, tmp_path: Path) -> None:
    first = _csv(tmp_path, "250308,250308,UCAYALI,PADRE ABAD,NUEVO DISTRITO\n", "a.csv")
    done = server.admin.publish_catalog("ubigeo_distrito", first)
    assert (done.version, done.rows, done.added, done.new_version) == (1, 1, 1, True)
    again = server.admin.publish_catalog("ubigeo_distrito", first)
    assert (again.version, again.new_version) == (1, False)  # same rows: no new version
    dev = server.enroll()

    page = _pull(server, dev, {})
    assert [(c["name"], c["version"]) for c in page["catalogs"]] == [("ubigeo_distrito", 1)]
    catalog = protocol.PublishedCatalog.from_dict(page["catalogs"][0])
    assert catalog.rows[0]["inei"] == "250308" and len(catalog.sha256) == 64
    assert _pull(server, dev, {"ubigeo_distrito": 1})["catalogs"] == []

    # a second publication adds a row and renames one; nothing is removed
    second = _csv(
        tmp_path,
        "250309,250309,UCAYALI,PADRE ABAD,OTRO DISTRITO\n"
        "250308,250308,UCAYALI,PADRE ABAD,NUEVO DISTRITO DE UCAYALI\n",
        "b.csv",
    )
    done = server.admin.publish_catalog("ubigeo_distrito", second)
    assert (done.version, done.rows, done.added, done.updated) == (2, 2, 1, 1)
    page = _pull(server, dev, {"ubigeo_distrito": 1})
    assert [c["version"] for c in page["catalogs"]] == [2]  # only the newest
    names = {r["inei"]: r["distrito"] for r in page["catalogs"][0]["rows"]}
    assert names == {"250308": "NUEVO DISTRITO DE UCAYALI", "250309": "OTRO DISTRITO"}

    # the first snapshot page of a new device carries it too
    fresh = server.enroll(name="pc2")
    r = server.call(
        "POST",
        "/v1/snapshot",
        {"client_version": "0.1.0", "protocol_version": 2},
        headers=fresh.auth,
    )
    assert [c["version"] for c in r.json()["catalogs"]] == [2]


def test_older_clients_without_catalog_versions_still_sync(server: Server) -> None:
    dev = server.enroll()
    doc = dev.batch([])
    assert "catalog_versions" not in doc
    r = server.call("POST", "/v1/sync", doc, headers=dev.auth)
    assert r.status_code == 200 and r.json()["pull"]["catalogs"] == []
    # an older answer without "catalogs" parses with an empty list
    page = r.json()["pull"]
    del page["catalogs"]
    assert protocol.PullPage.from_dict(page).catalogs == []


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        ("inei,reniec,distrito\n", "250308,250308,X\n", "header must be exactly"),
        (HEADER, "25038,250308,UCAYALI,PADRE ABAD,X\n", ":2: inei must be 6 digits"),
        (HEADER, "250308,25030A,UCAYALI,PADRE ABAD,X\n", "reniec must be 6 digits"),
        (HEADER, "250308,250308,UCAYALI,PADRE ABAD\n", "expected 5 columns"),
        (HEADER, "250308,250308,UCAYALI,,X\n", "provincia must be"),
        (
            HEADER,
            "250308,250308,UCAYALI,PADRE ABAD,X\n250308,250308,UCAYALI,PADRE ABAD,Y\n",
            ":3: inei 250308 appears twice",
        ),
        (HEADER, "", "no rows"),
    ],
)
def test_bad_catalog_files_are_refused(
    server: Server, tmp_path: Path, header: str, body: str, message: str
) -> None:
    with pytest.raises(AdminError, match=message):
        server.admin.publish_catalog("ubigeo_distrito", _csv(tmp_path, body, header=header))
    dev = server.enroll()
    assert _pull(server, dev, {})["catalogs"] == []  # nothing was published


def test_cli_publishes_and_refuses_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 's.db'}"]
    good = _csv(tmp_path, "250308,250308,UCAYALI,PADRE ABAD,NUEVO\n")
    assert cli.main(["catalog", "publish", "--name", "ubigeo_distrito", str(good), *db]) == 0
    out = capsys.readouterr().out
    assert "catalog ubigeo_distrito version 1 published (1 rows: 1 new, 0 updated)" in out
    bad = _csv(tmp_path, "2503,250308,UCAYALI,PADRE ABAD,NUEVO\n", "bad.csv")
    code = cli.main(["catalog", "publish", "--name", "ubigeo_distrito", str(bad), *db])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "inei must be 6 digits" in err
    assert "Traceback" not in err
    code = cli.main(["catalog", "publish", "--name", "cortes", str(good), *db])
    err = capsys.readouterr().err
    assert code == 1 and "unknown catalog 'cortes'" in err
    code = cli.main(["catalog", "publish", "--name", "ubigeo_distrito", "nope.csv", *db])
    err = capsys.readouterr().err
    assert code == 1 and "cannot read" in err


def test_authorship_is_bound_to_a_user_of_the_office(server: Server) -> None:
    """Issue 12 #12: another office's or an unknown user_id, or none, is refused
    (``unknown_user``); users registered on the server or pushed by the office's laptops
    (even in the same batch) are authors; no device makes a user an administrator."""
    admin_user = server.admin.add_user("LIMA", "ana")
    cusco_user = server.admin.add_user("CUSCO", "luis")
    dev = server.enroll()
    laptop_user = "u-laptop-0001"  # created offline on the laptop, pushed as a record
    self_made = "u-laptop-0002"  # a user record written by that user itself
    changes = [
        dev.change("user", {"name": "rosa", "office_id": dev.office_id}, laptop_user),
        {
            **dev.change("user", {"name": "eva", "office_id": dev.office_id}, self_made),
            "user_id": self_made,
        },
    ]
    for user_id in (admin_user, laptop_user, self_made):
        change = dev.change("person", {"given_names": "Juana", "office_id": dev.office_id})
        changes.append({**change, "user_id": user_id})
    refused = []
    for user_id in (cusco_user, "u-stranger", None):
        change = dev.change("person", {"given_names": "Juana", "office_id": dev.office_id})
        refused.append({**change, "user_id": user_id})
    admins = [
        dev.change("user", {"name": "boss", "role": "admin", "office_id": dev.office_id}),
        dev.change("user", {"role": "admin"}, laptop_user),  # elevating an existing user
    ]
    result = server.sync(dev, [*changes, *refused, *admins])
    codes = [(r["status"], r.get("code")) for r in result["push"]["results"]]
    assert codes == [("accepted", None)] * len(changes) + [("rejected", "unknown_user")] * len(
        refused
    ) + [("rejected", "forbidden_role")] * len(admins)
    by_office = {s["office"]: s for s in server.admin.stats()}
    assert by_office["LIMA"]["unknown_user_changes"] == 0
    # demoting is allowed, and the office keeps syncing
    ok = server.sync(dev, [dev.change("user", {"role": "defender"}, laptop_user)])
    assert statuses(ok) == ["accepted"]
