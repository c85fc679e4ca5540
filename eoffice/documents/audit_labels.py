"""How the audit log names what happens to incoming documents (see eoffice/audit/labels.py).

A confidential document is named by its number only: its subject is content that only the
people named on it may read, and administrators read the audit log.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from eoffice.audit.labels import int_ids, register_actions, register_keys, register_object
from eoffice.db import db
from eoffice.documents.models import SECRECY_LABELS


def _documents(ids: list[str]) -> dict[str, str]:
    from eoffice.documents.models import IncomingDocument

    rows = db.session.execute(select(IncomingDocument.id, IncomingDocument.arrival_number, IncomingDocument.year,
                                     IncomingDocument.subject, IncomingDocument.secrecy)
                              .where(IncomingDocument.id.in_(int_ids(ids))))
    return {
        str(r.id): (f"Văn bản đến số {r.arrival_number}/{r.year} ({SECRECY_LABELS.get(r.secrecy, 'Mật')})" if r.secrecy
                    else f"Văn bản đến số {r.arrival_number}/{r.year} – {r.subject}")
        for r in rows
    }


def _registers(ids: list[str]) -> dict[str, str]:
    from eoffice.documents.models import IncomingRegister
    from eoffice.org.models import Unit

    rows = db.session.execute(select(IncomingRegister.id, IncomingRegister.name, Unit.name.label("unit"))
                              .join(Unit, Unit.id == IncomingRegister.unit_id).where(IncomingRegister.id.in_(int_ids(ids))))
    return {str(r.id): f"{r.name} – {r.unit}" for r in rows}


def _deliveries(ids: list[str]) -> dict[str, str]:
    from eoffice.documents.models import InboundDelivery

    rows = db.session.execute(select(InboundDelivery.id, InboundDelivery.sender_name)
                              .where(InboundDelivery.id.in_(int_ids(ids))))
    return {str(r.id): f"Văn bản điện tử mã {r.id} từ {r.sender_name}" for r in rows}


def _register_name(value: Any) -> str:
    return _registers([str(value)]).get(str(value), f"sổ mã {value}")


ROLE_WORDS = {"lead": "Chủ trì", "coordinate": "Phối hợp", "inform": "Để biết"}


def _routing(value: Any) -> str:
    parts = []
    for part in str(value).split("; "):
        role, _, who = part.partition(": ")
        parts.append(f"{ROLE_WORDS.get(role, role)}: {who}" if who else part)
    return "; ".join(parts)


def _person(value: Any) -> str:
    if isinstance(value, int):
        from eoffice.auth.models import User

        user = db.session.get(User, value)
        return user.full_name if user else f"người dùng mã {value}"
    return str(value)


register_actions({
    "incoming.delivered": "Gửi văn bản điện tử",
    "incoming.delivery_refused": "Trả lại văn bản điện tử",
    "incoming.exchange_received": "Nhận văn bản qua trục liên thông",
    "incoming.exchange_recalled": "Nơi gửi thu hồi văn bản (trục liên thông)",
    "register.create": "Tạo sổ văn bản đến",
})
register_keys(
    {"assignment": "Phần việc", "assignments": "Các phần việc", "arrival_number": "Số đến", "register_id": "Sổ",
     "summary": "Phân công", "to": "Gửi đến", "subject": "Trích yếu"},
    {"register_id": _register_name, "summary": _routing, "to": _person},
)
# Entries written before the work core name documents "incoming_document"; newer ones use the
# kind's name ("incoming"), named by the core from the kind's `describe` (eoffice.work.setup).
register_object("incoming_document", "Văn bản đến", _documents)
register_object("incoming_register", "Sổ văn bản đến", _registers)
register_object("incoming_delivery", "Văn bản điện tử gửi đến", _deliveries)
