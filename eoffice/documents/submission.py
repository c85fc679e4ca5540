"""Presenting a document to a leader (trình) after registration, and a leader passing it to
another leader for their opinion (chuyển lãnh đạo khác cho ý kiến).

A clerk may register a document before knowing who should steer it. Such a document is in
nobody's "Chờ ý kiến chỉ đạo" queue, so it would be lost: it sits in the "Chưa trình" queue of
the register's clerks and the office chief until one of them presents it.

A chairperson to whom a document is presented may hand it to a vice-chairperson (or back):
the document becomes presented to that leader, the history says so and the leader is told.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import exists
from sqlalchemy.sql.elements import ColumnElement

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.auth.permissions import authorize, rule
from eoffice.auth.principals import clerk_units
from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.work import history
from eoffice.documents.access import may_read
from eoffice.documents.models import Assignment, IncomingDocument
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.text import nfc
from eoffice.work.unit_of_work import operation


def is_not_presented(doc: IncomingDocument) -> bool:
    return doc.status == "submitted" and doc.submitted_to_id is None


def not_presented() -> ColumnElement[bool]:
    """SQL: registered, waiting for a steering opinion, but presented to no one."""
    return (IncomingDocument.status == "submitted") & IncomingDocument.submitted_to_id.is_(None)


def directed_by(user: Any) -> ColumnElement[bool]:
    """SQL: still being processed, and routed by `user` (their steering opinion)."""
    routed = exists().where(
        Assignment.work_item_id == IncomingDocument.id, Assignment.parent_id.is_(None),
        Assignment.assigned_by_id == user.id, Assignment.role.in_(("lead", "coordinate")),
    )
    return (IncomingDocument.status == "in_progress") & routed


@rule("incoming.submit")
def _may_submit(user: Any, doc: Any) -> bool:
    """The register's clerks and the office chief present a document nobody was given yet."""
    if not user.has_role(Role.CLERK, Role.OFFICE_CHIEF):
        return False
    if doc is None:
        return True
    if not is_not_presented(doc) or not may_read(user, doc):
        return False
    return user.has_role(Role.OFFICE_CHIEF) or doc.register.unit_id in clerk_units(user)


@rule("incoming.refer")
def _may_refer(user: Any, doc: Any) -> bool:
    """The chairperson a document is presented to may pass it to another chairperson."""
    if not user.has_role(Role.CHAIR):
        return False
    return doc is None or (doc.status == "submitted" and doc.submitted_to_id == user.id)


def _chair(leader_id: int, *, chair_only: bool) -> User:
    from eoffice.documents.registration import _leader

    leader = _leader(leader_id)
    if leader is None:
        raise ServiceError("missing_leader", "Hãy chọn lãnh đạo để trình.")
    if chair_only and not leader.has_role(Role.CHAIR):
        raise ServiceError("not_a_leader", f"{leader.full_name} không phải Chủ tịch/Phó Chủ tịch. Hãy chọn lãnh đạo khác.")
    return leader


@operation
def submit(actor: Actor, doc: IncomingDocument, leader_id: int | None, note: str = "") -> None:
    """Present a not-yet-presented document to a leader (Chủ tịch, Phó Chủ tịch, Chánh VP)."""
    authorize(actor, "incoming.submit", doc, "Chỉ văn thư giữ sổ hoặc Chánh Văn phòng trình được văn bản chưa trình.")
    if not is_not_presented(doc):
        raise ServiceError("already_submitted", "Văn bản đã được trình hoặc đã được xử lý; tải lại trang để xem tình trạng mới.")
    if not leader_id:
        raise ServiceError("missing_leader", "Hãy chọn lãnh đạo để trình.")
    leader = _chair(leader_id, chair_only=False)
    note = nfc(note)
    doc.submitted_to_id = leader.id
    history.record(actor, doc, "submitted", f"Trình {leader.full_name}" + (f": {note}" if note else ""), data={"to": leader.id})
    notify([leader.id], "incoming.submitted",
           f"Văn bản đến số {doc.arrival_number} chờ ý kiến chỉ đạo: {doc.subject[:200]}", f"/incoming/{doc.id}")


@operation
def refer_to_leader(actor: Actor, doc: IncomingDocument, leader_id: int | None, note: str = "") -> None:
    """Chair → vice-chair (or the other way): the other leader now gives the steering opinion."""
    authorize(actor, "incoming.refer", doc, "Chỉ lãnh đạo đang được trình văn bản mới chuyển được cho lãnh đạo khác.")
    if not leader_id:
        raise ServiceError("missing_leader", "Hãy chọn lãnh đạo nhận văn bản.")
    leader = _chair(leader_id, chair_only=True)
    if leader.id == doc.submitted_to_id:
        raise ServiceError("same_leader", "Văn bản đang được trình chính lãnh đạo này. Hãy chọn lãnh đạo khác.")
    note = nfc(note)
    previous = doc.submitted_to_id
    doc.submitted_to_id = leader.id
    history.record(actor, doc, "referred", f"Chuyển {leader.full_name} cho ý kiến" + (f": {note}" if note else ""),
                   data={"from": previous, "to": leader.id})
    notify([leader.id], "incoming.referred",
           f"{actor.name} chuyển văn bản đến số {doc.arrival_number} để đồng chí cho ý kiến chỉ đạo: {doc.subject[:160]}",
           f"/incoming/{doc.id}")
