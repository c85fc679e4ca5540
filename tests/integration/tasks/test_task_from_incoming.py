"""From an incoming document's page, "Giao nhiệm vụ" opens the new-task form filled from the
document (subject, number, the leader's steering opinion); saving it tracks a task whose
source is that document."""
from __future__ import annotations

import html as htmllib
import re

from sqlalchemy import select

from eoffice.db import db
from eoffice.documents.models import IncomingDocument
from eoffice.tasks.models import Task
from eoffice.work.access import may_read
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor, unit


def test_giao_nhiem_vu_from_an_incoming_document_tracks_a_task_with_that_source(demo_app):
    chair = actor("chutich").user
    doc = next(d for d in db.session.scalars(select(IncomingDocument).where(IncomingDocument.secrecy == 0).order_by(IncomingDocument.id))
               if may_read(chair, d))
    client = demo_app.test_client()
    login(client, "chutich", "Demo@2026")
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    link = htmllib.unescape(re.search(r'<a class="button secondary" href="([^"]+)">Giao nhiệm vụ</a>', page).group(1))
    form = client.get(link).get_data(as_text=True)
    assert htmllib.escape(doc.subject[:60], quote=False) in form
    source = re.search(r'name="source_item_id" inputmode="numeric" value="(\d+)"', form).group(1)
    response = client.post("/tasks/new", data={
        "csrf_token": csrf_token(client, "/tasks/new"), "title": doc.subject, "source": "incoming",
        "source_item_id": source, "lead_unit_id": str(unit("STP").id), "working_days": "7", "priority": "0"})
    assert response.status_code == 302
    task = db.session.scalars(select(Task)).one()
    assert (task.source, task.source_item_id) == ("incoming", doc.id)
