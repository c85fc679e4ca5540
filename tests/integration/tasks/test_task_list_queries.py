"""The task list runs a fixed number of SQL statements however many rows it shows."""
from __future__ import annotations

import pytest

from eoffice.db import db
from tests.helpers import assert_fixed_queries, signed_in
from tests.integration.documents.conftest import actor
from tests.integration.tasks.conftest import new_task


def _tasks(count: int) -> None:
    for number in range(count):
        new_task(title=f"Triển khai nhiệm vụ số {number} năm 2027", lead_user_id=actor("chuyenvien").user_id)
    db.session.remove()


@pytest.mark.parametrize(("path", "api"), [
    ("/tasks/?tab=toi_giao", False),
    ("/tasks/?tab=tat_ca&q=trien+khai", False),
    ("/api/v1/tasks?tab=toi_giao&per_page=50", True),
])
def test_the_task_list_runs_the_same_queries_for_three_rows_as_for_fifteen(office, path: str, api: bool) -> None:
    client = signed_in(office.test_client(), "chutich", api=api)
    _tasks(3)
    assert_fixed_queries(client, path, lambda: _tasks(12))
