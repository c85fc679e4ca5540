"""Every outgoing route as every demo role answers as the permission module says: 200 for
those allowed (and, for one document's pages, allowed to read that document), 403 for the
rest; refused roles change nothing by posting."""
from __future__ import annotations

from eoffice.auth.permissions import can
from tests.helpers import walk_pages
from tests.integration.outgoing.conftest import new_draft


def test_every_outgoing_page_answers_each_role_as_the_permission_module_says(office):
    doc = new_draft()
    args = {"outgoing_id": doc.id, "outgoing_file_id": doc.current_version_id, "assignment_id": 1}
    failures = walk_pages(office, "/outgoing", args, lambda user, rule: (
        not ({"outgoing_id", "outgoing_file_id"} & set(rule.arguments)) or can(user, "outgoing.view", doc)))
    assert failures == [], "\n".join(failures)

