"""Lists run a fixed number of SQL statements, however many rows they show: no query per row
(N+1), which is what makes a queue slow at a province's volume."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import event

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.db import db
from eoffice.demo import DEMO_PASSWORD
from tests.helpers import login
from tests.integration.documents.conftest import register_new


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def _register(count: int, start: int) -> None:
    for number in range(start, start + count):
        register_new(code_number=str(number), subject=f"Về việc triển khai nhiệm vụ số {number} năm 2027")
    db.session.remove()


@pytest.mark.parametrize(("username", "path"), [
    ("vanthu", "/incoming/?tab=tat_ca"),
    ("vanthu", "/api/v1/incoming?per_page=50"),
    ("chutich", "/incoming/"),
    ("vanthu", "/outgoing/"),
])
def test_a_list_runs_the_same_queries_for_three_rows_as_for_fifteen(office, username: str, path: str) -> None:
    client = office.test_client()
    if path.startswith("/api/"):
        token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user(username), "thử")
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    else:
        assert login(client, username, DEMO_PASSWORD).status_code == 302
    _register(3, 1)
    client.get(path)  # warm: the first request loads settings and menus once per process
    with counted() as few:
        assert client.get(path).status_code == 200
    _register(12, 10)
    with counted() as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few), "\n".join(many)
