"""From an issued outgoing document's page (a directive, a plan the province sent out),
"Giao nhiệm vụ" opens the same new-task form the incoming page uses, filled from the document
(subject, number); saving it tracks a task whose source is that outgoing document. A draft
offers no such button: nothing has been decided yet."""
from __future__ import annotations

import html as htmllib
import re

from sqlalchemy import select

from eoffice.db import db
from eoffice.outgoing import issuance
from eoffice.tasks.models import Task
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor, unit
from tests.integration.outgoing.conftest import new_draft, office, signed_draft  # noqa: F401 - office: the outgoing fixture

BUTTON = r'<a class="button secondary" href="([^"]+)">Giao nhiệm vụ</a>'


def test_giao_nhiem_vu_from_an_issued_outgoing_document_tracks_a_task_with_that_source(office):  # noqa: F811
    doc = signed_draft()
    issuance.issue(actor("vanthu"), doc)
    draft = new_draft()
    client = office.test_client()
    login(client, "chutich", "Demo@2026")
    assert re.search(BUTTON, client.get(f"/outgoing/{draft.id}").get_data(as_text=True)) is None
    page = client.get(f"/outgoing/{doc.id}").get_data(as_text=True)
    link = htmllib.unescape(re.search(BUTTON, page).group(1))
    form = client.get(link).get_data(as_text=True)
    assert htmllib.escape(doc.title[:60], quote=False) in form and htmllib.escape(doc.notation, quote=False) in form
    assert re.search(r'<option value="outgoing" selected>', form)
    source = re.search(r'name="source_item_id" inputmode="numeric" value="(\d+)"', form).group(1)
    response = client.post("/tasks/new", data={
        "csrf_token": csrf_token(client, "/tasks/new"), "title": doc.title, "source": "outgoing",
        "source_item_id": source, "lead_unit_id": str(unit("STP").id), "working_days": "7", "priority": "0"})
    assert response.status_code == 302
    task = db.session.scalars(select(Task)).one()
    assert (task.source, task.source_item_id) == ("outgoing", doc.id)
    assert signed_in_page_has_no_button(office, "chuyenvienstp", doc.id)


def signed_in_page_has_no_button(app, username: str, doc_id: int) -> bool:  # type: ignore[no-untyped-def]
    """Someone who does not assign tasks (a specialist) reads the document without the button."""
    client = app.test_client()
    login(client, username, "Demo@2026")
    page = client.get(f"/outgoing/{doc_id}")
    return page.status_code != 200 or re.search(BUTTON, page.get_data(as_text=True)) is None
