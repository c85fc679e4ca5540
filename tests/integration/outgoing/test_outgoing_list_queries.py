"""The outgoing lists and register run a fixed number of SQL statements however many rows they
show (no query per row), and a page of the list loads only its rows."""
from __future__ import annotations

import pytest

from eoffice.db import db
from eoffice.outgoing import issuance
from tests.helpers import assert_fixed_queries, signed_in
from tests.integration.documents.conftest import actor
from tests.integration.outgoing.conftest import new_draft, signed_draft


def _drafts(count: int) -> None:
    for number in range(count):
        new_draft(subject=f"Về việc triển khai nhiệm vụ số {number} năm 2027")
    db.session.remove()


def _issued(count: int) -> None:
    for number in range(count):
        issuance.issue(actor("vanthu"), signed_draft(subject=f"Về việc tổng kết nhiệm vụ số {number}"))
    db.session.remove()


@pytest.mark.parametrize(("path", "api"), [
    ("/outgoing/?tab=cua_toi", False),
    ("/outgoing/?tab=tat_ca&q=trien+khai", False),
    ("/api/v1/outgoing?tab=cua_toi&per_page=50", True),
])
def test_the_outgoing_list_runs_the_same_queries_for_two_rows_as_for_eight(office, path: str, api: bool) -> None:
    client = signed_in(office.test_client(), "chuyenvien", api=api)
    _drafts(2)
    assert_fixed_queries(client, path, lambda: _drafts(6))


@pytest.mark.parametrize(("path", "api"), [("/outgoing/register", False), ("/api/v1/outgoing/register", True)])
def test_the_outgoing_register_runs_the_same_queries_for_one_row_as_for_three(office, path: str, api: bool) -> None:
    client = signed_in(office.test_client(), "vanthu", api=api)
    _issued(1)
    assert_fixed_queries(client, path, lambda: _issued(2))
