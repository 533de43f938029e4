"""Scorecards: the print page and the XLSX read back with openpyxl, formulas neutralised."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from keyact.tracking.scorecards import safe_cell
from keyact.tracking.services import coaching_note_create
from tests.tracking.conftest import Tracked, log


def test_safe_cell_neutralises_formula_starts() -> None:
    for dangerous in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Visits") == "Visits" and safe_cell(3) == 3 and safe_cell(None) is None


def test_scorecard_page_and_xlsx(client: Client, tracked: Tracked) -> None:
    users = tracked.world.users
    for day in (2, 3):
        log(tracked, "rep", day)
    coaching_note_create(
        actor=users["manager"],
        person_id=users["rep"].pk,
        key_activity_id=tracked.ka.pk,
        text='=HYPERLINK("http://evil","click")',
        next_actions="@two invitations",
    )
    client.force_login(users["manager"])
    rep = users["rep"].pk
    page = client.get(f"/tracking/scorecards/{rep}/?period=2026-02")
    html = page.content.decode()
    assert page.status_code == 200 and "data-scorecard" in html
    # Phones read one stacked item per key activity; the table is for wider screens and print.
    assert 'class="list-group mb-3 d-md-none d-print-none" data-scorecard-stacked' in html
    assert 'class="table table-sm align-middle d-none d-md-table d-print-table"' in html
    assert html.count(tracked.ka.name) >= 2
    # The coaching note is dated now, so it shows on this month's card, not February's.
    response = client.get(f"/tracking/scorecards/{rep}/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    feb = client.get(f"/tracking/scorecards/{rep}/xlsx/?period=2026-02")
    sheet = load_workbook(io.BytesIO(feb.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(
        [
            "Key activity",
            "Target",
            "Done",
            "Qualified",
            "Qualified share",
            "Expected by today",
            "Status",
        ]
    )
    assert rows[header + 1][:5] == ["Customer visits with a commitment", 10, 2, 2, 1]
    assert rows[header + 1][6] == "Off track"
    now = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in now.iter_rows() for c in row if c.value is not None]
    assert '\'=HYPERLINK("http://evil","click")' in values
    assert "'@two invitations" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert all(c.data_type != "f" for row in now.iter_rows() for c in row)


def test_scorecards_are_scoped(client: Client, tracked: Tracked) -> None:
    users = tracked.world.users
    client.force_login(users["rep"])
    assert client.get(f"/tracking/scorecards/{users['rep'].pk}/").status_code == 200
    assert client.get(f"/tracking/scorecards/{users['rep2'].pk}/").status_code == 404
    assert client.get(f"/tracking/scorecards/{users['rep2'].pk}/xlsx/").status_code == 404
    client.force_login(users["manager_b"])
    assert client.get(f"/tracking/scorecards/{users['rep'].pk}/xlsx/").status_code == 404
    client.force_login(users["other_admin"])
    assert client.get(f"/tracking/scorecards/{users['rep'].pk}/").status_code == 404
