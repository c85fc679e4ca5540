"""Plugging outgoing documents into the app: pages, API, menu entries and home queues (the
kind hands this to the core through `OUTGOING.init_app`)."""
from __future__ import annotations

from typing import Any

from flask import Flask

from eoffice.auth.roles import Role
from eoffice.web.home import Queue, register_queue
from eoffice.web.menu import MenuEntry, add_entry


def _waiting(user: Any) -> int:
    from eoffice.outgoing import queries

    return queries.waiting_count(user)


def _audit_labels() -> None:
    """The audit log's Vietnamese for what outgoing documents record beyond their history."""
    from eoffice.audit.labels import register_actions, register_keys, register_object

    register_actions({"outgoing.chain_set": "Đặt luồng duyệt văn bản đi"})
    register_object("approval_chain", "Luồng duyệt văn bản đi")
    register_keys({
        "chain": "Luồng duyệt", "step": "Bước", "of": "Tổng số bước", "sha256": "Mã SHA-256",
        "approved_sha256": "SHA-256 bản đã duyệt", "signed_sha256": "SHA-256 bản đã ký", "number": "Số",
        "notation": "Số, ký hiệu", "year": "Năm", "confidential": "Sổ mật", "steps": "Người duyệt",
        "doc_type": "Loại văn bản", "users": "Người được xin ý kiến", "deadline": "Hạn trả lời",
        "outgoing_id": "Văn bản đi", "version": "Phiên bản",
    })


def init_app(app: Flask) -> None:
    from eoffice.outgoing import api  # noqa: F401 - registers the JSON endpoints
    from eoffice.outgoing import server_signing  # noqa: F401 - the leader signs on the server
    from eoffice.outgoing.views import bp

    app.register_blueprint(bp)
    _audit_labels()
    add_entry(MenuEntry("Văn bản đi", "outgoing.index", "outgoing.work", order=20))
    add_entry(MenuEntry("Sổ văn bản đi", "outgoing.register", "outgoing.register.view", order=21))
    add_entry(MenuEntry("Luồng duyệt văn bản đi", "outgoing.chains", "outgoing.chains.manage", group="admin", order=16))
    from eoffice.outbox.schedule import periodic
    from eoffice.outgoing.approval import send_consultation_notices

    periodic("outgoing.consultation_notices", 300, send_consultation_notices)
    for role in (Role.SPECIALIST, Role.UNIT_HEAD, Role.OFFICE_CHIEF, Role.CHAIR, Role.CLERK):
        register_queue(Queue(role, "Văn bản đi chờ tôi xử lý", _waiting, "outgoing.index", {"tab": "cho_toi"}))
