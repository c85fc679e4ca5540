"""Plugging incoming documents into the app: pages, API, menu, home queues, periodic jobs, and
the search document (eoffice.documents.kind hands these to the core)."""
from __future__ import annotations

from typing import Any, Optional

from flask import Flask, g
from sqlalchemy import select

from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.web.home import Queue, register_queue
from eoffice.web.menu import MenuEntry, add_entry


def _count(tab: str):  # type: ignore[no-untyped-def]
    def count(user: Any) -> int:
        from eoffice.documents import queries

        if "incoming_counts" not in g:
            g.incoming_counts = queries.counts(user)
        return g.incoming_counts.get(tab, 0)

    return count


def search_document(doc_id: int) -> Optional[Any]:
    """The search entry of an incoming document (None once it is gone)."""
    from search import IndexedItem

    from eoffice.calendar import service as calendar
    from eoffice.documents.access import readers_of
    from eoffice.documents.doc_types import type_by_code
    from eoffice.documents.models import STATUS_LABELS, IncomingDocument

    doc = db.session.get(IncomingDocument, doc_id)
    if doc is None:
        return None
    kind = type_by_code(doc.doc_type)
    arrival = doc.arrival_at.astimezone(calendar.VN)
    return IndexedItem(
        id=f"incoming:{doc.id}", kind="incoming", title=doc.subject, number=doc.number_notation,
        body=doc.text_content or "", doc_type=kind.name if kind else doc.doc_type, issuer=doc.issuer_name,
        unit=doc.register.unit.name, year=arrival.year, status=STATUS_LABELS.get(doc.status, doc.status),
        date=doc.issued_date or arrival.date(), readers=readers_of(doc),
        extra={"url": f"/incoming/{doc.id}", "arrival": f"{doc.arrival_number}/{doc.year}"},
    )


def all_ids() -> list[int]:
    from eoffice.documents.models import IncomingDocument

    return list(db.session.scalars(select(IncomingDocument.id).order_by(IncomingDocument.id)))


def _pending_deliveries_count(user: Any) -> int:
    from eoffice.documents.deliveries import pending_count

    return pending_count(user)


def _drop_expired_staged() -> int:
    """Staged uploads whose registration form was never saved (EOFFICE_STAGED_UPLOAD_HOURS)."""
    from datetime import timedelta

    from eoffice import current_settings
    from eoffice.documents.uploads import drop_expired_staged

    return drop_expired_staged(timedelta(hours=current_settings().staged_upload_hours))


def init_app(app: Flask) -> None:
    from eoffice.documents import access, audit_labels  # noqa: F401 - register the permission rules and audit labels
    from eoffice.documents import api, flow_api  # noqa: F401 - register the JSON endpoints
    from eoffice.documents import corrections, register_admin, submission  # noqa: F401 - rules, listeners
    from eoffice.documents.flow_views import bp as flow_bp
    from eoffice.documents.register_admin_views import bp as register_admin_bp
    from eoffice.documents.delivery_views import bp as deliveries_bp
    from eoffice.documents.register_views import bp as registers_bp
    from eoffice.documents.views import bp as incoming_bp

    app.register_blueprint(incoming_bp)
    app.register_blueprint(registers_bp)
    app.register_blueprint(deliveries_bp)
    app.register_blueprint(flow_bp)
    app.register_blueprint(register_admin_bp)
    add_entry(MenuEntry("Văn bản đến", "incoming.index", "incoming.work", order=10))
    add_entry(MenuEntry("In sổ văn bản", "incoming_registers.index", "incoming.registers.print", order=15))
    add_entry(MenuEntry("Văn bản điện tử đến", "incoming_deliveries.index", "incoming.register", order=12))
    add_entry(MenuEntry("Gửi văn bản điện tử", "incoming_deliveries.send", "incoming.deliver", order=16))
    add_entry(MenuEntry("Sổ văn bản đến", "register_admin.index", register_admin.MANAGE, group="admin", order=15))
    from eoffice.documents.processing import send_deadline_notices
    from eoffice.outbox.schedule import periodic

    periodic("incoming.deadline_notices", 300, send_deadline_notices)
    periodic("incoming.drop_expired_staged", 3600, _drop_expired_staged)
    for role in (Role.SPECIALIST, Role.UNIT_HEAD):
        register_queue(Queue(role, "Văn bản cần xử lý", _count("can_xu_ly"), "incoming.index", {"tab": "can_xu_ly"}))
        register_queue(Queue(role, "Văn bản đang xử lý", _count("dang_xu_ly"), "incoming.index", {"tab": "dang_xu_ly"}))
        register_queue(Queue(role, "Sắp đến hạn", _count("sap_den_han"), "incoming.index", {"tab": "sap_den_han"}, urgent=True))
        register_queue(Queue(role, "Quá hạn", _count("qua_han"), "incoming.index", {"tab": "qua_han"}, urgent=True))
    for role in (Role.CHAIR, Role.OFFICE_CHIEF):
        register_queue(Queue(role, "Văn bản chờ ý kiến chỉ đạo", _count("cho_chi_dao"), "incoming.index", {"tab": "cho_chi_dao"}))
        register_queue(Queue(role, "Việc được giao quá hạn", _count("qua_han"), "incoming.index", {"tab": "qua_han"}, urgent=True))
    register_queue(Queue(Role.CLERK, "Văn bản điện tử chờ tiếp nhận", _pending_deliveries_count, "incoming_deliveries.index", urgent=True))
    register_queue(Queue(Role.CLERK, "Văn bản đến đã vào sổ hôm nay", _count("da_vao_so"), "incoming.index", {"tab": "da_vao_so"}))
    for role in (Role.CLERK, Role.OFFICE_CHIEF):
        register_queue(Queue(role, "Văn bản chưa trình lãnh đạo", _count("chua_trinh"), "incoming.index", {"tab": "chua_trinh"}, urgent=True))
    register_queue(Queue(Role.CHAIR, "Việc tôi đã chỉ đạo", _count("da_chi_dao"), "incoming.index", {"tab": "da_chi_dao"}))
