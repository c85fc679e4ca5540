"""Who reads an outgoing document: a confidential draft only the people named on it (never
the head of its unit by position), an ordinary one also its unit head; the search entry
carries the same readers, and the outbox holds its index update."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.indexing import all_items
from eoffice.outbox.models import OutboxEvent
from eoffice.outgoing import approval
from eoffice.outgoing.access import may_read, readers_of
from eoffice.db import db
from tests.integration.documents.conftest import actor
from tests.integration.outgoing.conftest import new_draft


def test_a_confidential_draft_is_read_only_by_the_people_named_on_it(office):
    secret = new_draft(secrecy=1, subject="Phương án bảo vệ mục tiêu trọng điểm")
    ordinary = new_draft()
    head = actor("truongphong").user
    assert may_read(head, ordinary) and not may_read(head, secret)
    assert not may_read(actor("truongphongnc").user, secret) and not may_read(actor("giamdocstp").user, ordinary)
    assert may_read(actor("vanthu").user, secret), "the issuing agency's clerk numbers it"
    approval.submit(actor("chuyenvien"), secret)
    assert may_read(head, secret), "named once it is their step in the chain"


def test_the_search_entry_carries_the_documents_readers(office):
    doc = new_draft()
    db.session.commit()
    entries = [item for item in all_items() if item.kind == "outgoing"]
    assert [e.id for e in entries] == [f"outgoing:{doc.id}"]
    assert sorted(entries[0].readers) == readers_of(doc) and entries[0].title == doc.title
    assert db.session.scalars(select(OutboxEvent.key).where(OutboxEvent.key == f"outgoing:{doc.id}")).all()
