"""Lists run a fixed number of SQL statements, however many rows they show: no query per row
(N+1), which is what makes a queue slow at a province's volume. (The other kinds' lists:
tests/integration/{outgoing,tasks,onestop}/test_*_list_queries.py.)"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.documents.models import IncomingDocument
from tests.helpers import assert_fixed_queries, signed_in
from tests.integration.documents.conftest import register_new


def _register(count: int, start: int) -> None:
    for number in range(start, start + count):
        register_new(code_number=str(number), subject=f"Về việc triển khai nhiệm vụ số {number} năm 2027")
    db.session.remove()


@pytest.mark.parametrize(("username", "path"), [
    ("vanthu", "/incoming/?tab=tat_ca"),
    ("vanthu", "/api/v1/incoming?per_page=50"),
    ("chutich", "/incoming/"),
])
def test_a_list_runs_the_same_queries_for_three_rows_as_for_fifteen(office, username: str, path: str) -> None:
    client = signed_in(office.test_client(), username, api=path.startswith("/api/"))
    _register(3, 1)
    assert_fixed_queries(client, path, lambda: _register(12, 10))


@pytest.mark.parametrize("kind", ["incoming", "followup"])
def test_a_register_page_runs_the_same_queries_for_three_rows_as_for_fifteen(office, kind: str) -> None:
    """The incoming and follow-up registers print each row's recipients, replies and the person
    it was presented to: loaded for the page, not per row."""
    client = signed_in(office.test_client(), "vanthu")
    _register(3, 1)
    register_id = db.session.scalar(select(IncomingDocument.register_id).limit(1))
    today = calendar.now().date()
    path = f"/incoming/registers/?register_id={register_id}&kind={kind}&from={today:%Y-%m-%d}&to={today:%Y-%m-%d}"
    assert_fixed_queries(client, path, lambda: _register(12, 10))
