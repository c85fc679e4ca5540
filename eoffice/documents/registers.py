"""The registers as the decree wants them: the incoming register and the follow-up register
for a date range, as rows ready to print or export."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eoffice.actor import Actor
from eoffice.auth.permissions import authorize, can
from eoffice.calendar import service as calendar
from eoffice.db import db, utcnow
from eoffice.documents.doc_types import type_by_code
from eoffice.documents.models import Assignment, IncomingDocument, IncomingRegister
from eoffice.errors import ServiceError
from eoffice.work.list_search import text_condition

MAX_RANGE_DAYS = 366


def printable_registers(user: Any) -> list[IncomingRegister]:
    """The registers `user` may print (the rule lives in documents.access)."""
    query = select(IncomingRegister).order_by(IncomingRegister.unit_id, IncomingRegister.is_confidential, IncomingRegister.name)
    return [r for r in db.session.scalars(query) if can(user, "incoming.registers.print", r)]


def _documents(actor: Actor, register: IncomingRegister, start: date, end: date, q: str = "") -> list[IncomingDocument]:
    authorize(actor, "incoming.registers.print", register, "Bạn không được in sổ này: chỉ văn thư của đơn vị giữ sổ "
              "(và lãnh đạo, với sổ thường) mới in được.")
    if end < start:
        raise ServiceError("bad_range", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    if (end - start).days > MAX_RANGE_DAYS:
        raise ServiceError("range_too_long", "Chỉ in được tối đa một năm mỗi lần; hãy chia nhỏ khoảng thời gian.")
    return list(db.session.scalars(
        select(IncomingDocument).where(
            IncomingDocument.register_id == register.id,
            IncomingDocument.arrival_at >= datetime.combine(start, time(), calendar.VN),
            IncomingDocument.arrival_at < datetime.combine(end + timedelta(days=1), time(), calendar.VN),
            text_condition(q),
        ).order_by(IncomingDocument.year, IncomingDocument.arrival_number).options(
            # what every row prints (recipients, replies, who it went to): a few queries a page, not a few a row
            selectinload(IncomingDocument.assignments).selectinload(Assignment.unit),
            selectinload(IncomingDocument.assignments).selectinload(Assignment.user),
            selectinload(IncomingDocument.events), selectinload(IncomingDocument.submitted_to))
    ))


def header(register: IncomingRegister, start: date, end: date) -> Any:
    from eoffice.documents.register_export import RegisterHeader

    unit = register.unit
    agency = unit.parent.name if unit.parent else unit.name
    return RegisterHeader(agency_name=agency.upper(), unit_name=unit.name.upper(), register_name=register.name,
                          date_from=start, date_to=end, printed_at=utcnow())


def _type_and_subject(doc: IncomingDocument) -> str:
    kind = type_by_code(doc.doc_type)
    return f"{kind.name if kind else doc.doc_type}: {doc.subject}"


def incoming_rows(actor: Actor, register: IncomingRegister, start: date, end: date, q: str = "") -> list[Any]:
    from eoffice.documents.register_export import IncomingRow

    rows = []
    for doc in _documents(actor, register, start, end, q):
        routed = [a for a in doc.assignments if a.parent_id is None and a.status not in ("recalled",)]
        recipients = "; ".join(f"{a.assignee_label} ({'CT' if a.role == 'lead' else 'PH' if a.role == 'coordinate' else 'ĐB'})" for a in routed)
        if not recipients and doc.submitted_to:
            recipients = doc.submitted_to.full_name
        first = min((a.assigned_at for a in routed), default=None)
        rows.append(IncomingRow(
            arrival_date=doc.arrival_at.astimezone(calendar.VN).date(), arrival_number=doc.arrival_number,
            issuer=doc.issuer_name, number_notation=doc.number_notation, issued_date=doc.issued_date,
            type_and_subject=_type_and_subject(doc), recipients=recipients,
            handed_over=first.astimezone(calendar.VN).date() if first else None,
            signature=f"Đã nhận điện tử {first.astimezone(calendar.VN):%H:%M %d/%m}" if first else "",
            notes=doc.notes,
        ))
    return rows


def follow_up_rows(actor: Actor, register: IncomingRegister, start: date, end: date, q: str = "") -> list[Any]:
    from eoffice.documents.register_export import FollowUpRow

    now = utcnow()
    rows = []
    for doc in _documents(actor, register, start, end, q):
        lead, deadline = doc.lead_assignment, doc.effective_deadline
        done_at = doc.closed_at
        label = calendar.timeliness_label(deadline, done_at, now)
        if doc.status == "done":
            progress = f"Hoàn thành {done_at.astimezone(calendar.VN):%d/%m/%Y}" + (f" ({label[1].lower()})" if label else "")
        elif doc.status == "submitted":
            progress = "Chờ ý kiến chỉ đạo"
        else:
            progress = "Đang xử lý" + (f" – {label[1].lower()}" if label else "")
        replies = [e.text for e in doc.events if e.kind == "reply_proposed"]
        rows.append(FollowUpRow(
            arrival_number=doc.arrival_number,
            document=f"{doc.number_notation} {_type_and_subject(doc)}".strip(),
            recipient=lead.assignee_label if lead else (doc.submitted_to.full_name if doc.submitted_to else ""),
            deadline=deadline.astimezone(calendar.VN).date() if deadline else None,
            progress=progress,
            reply_number="",
            notes=("Dự thảo trả lời: " + replies[-1]) if replies else doc.result,
        ))
    return rows
