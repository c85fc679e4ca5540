"""The one-stop lists run a fixed number of SQL statements however many rows they show."""
from __future__ import annotations

import pytest

from eoffice.db import db
from tests.helpers import assert_fixed_queries, signed_in
from tests.integration.onestop.conftest import receive


def _dossiers(count: int) -> None:
    for number in range(count):
        receive(applicant_name=f"Nguyễn Văn {number}")
    db.session.remove()


@pytest.mark.parametrize(("who", "path", "api"), [
    ("tuphapnt", "/onestop/?tab=cho_toi", False),  # the first step of every dossier is theirs
    ("motcua", "/onestop/?tab=tat_ca&q=nguyen+van", False),
    ("motcua", "/api/v1/dossiers?tab=dang_giai_quyet&per_page=50", True),
    ("tuphapnt", "/api/v1/dossiers?tab=cho_toi", True),
])
def test_the_dossier_lists_run_the_same_queries_for_three_rows_as_for_twelve(app, desk, who: str, path: str,
                                                                              api: bool) -> None:
    client = signed_in(app.test_client(), who, api=api)
    _dossiers(3)
    assert_fixed_queries(client, path, lambda: _dossiers(9))
