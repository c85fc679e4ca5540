"""Correcting a registered document's details (Sửa thông tin): issuer, number, notation, date,
type, subject, signer, marks, page count, notes.

A typo in the register must be fixable without deleting the document (số đến is never given
twice). Only the register's clerks correct, with the same checks as at registration; each
correction is a history event listing every field's value before and after (kept in the
event's data and in the chained audit entry), so the register stays trustworthy. Saving
re-indexes the document (the history entry queues it) and refreshes its folded list-search
text; a change of secrecy re-materialises who may read it. Secrecy may move only within the
register's kind (Mật ↔ Tối mật ↔ Tuyệt mật in a confidential register): an ordinary document
turning out to be confidential belongs in the confidential register, with its own số đến.
"""
from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any, Mapping

from eoffice.actor import Actor
from eoffice.auth.permissions import authorize, rule
from eoffice.auth.principals import clerk_units
from eoffice.auth.roles import Role
from eoffice.db import utcnow
from eoffice.work import history
from eoffice.documents.doc_types import type_by_code
from eoffice.documents.registration import DocumentDetails, RegistrationInput, register_columns
from eoffice.documents.models import CHANNEL_LABELS, SECRECY_LABELS, URGENCY_LABELS, IncomingDocument
from eoffice.errors import ServiceError

from eoffice.work.unit_of_work import operation


class CorrectionInput(DocumentDetails):
    """The document's details as they should read after the correction (all of them)."""


OPTIONAL = ("issued_date", "page_count")  # None is their "not given"; texts use ""

FIELD_LABELS = {
    "issuer_name": "Cơ quan ban hành", "issuer_code": "Mã cơ quan ban hành", "code_number": "Số",
    "code_notation": "Ký hiệu", "issued_date": "Ngày văn bản", "doc_type": "Tên loại", "subject": "Trích yếu",
    "signer_name": "Người ký", "signer_position": "Chức vụ người ký", "urgency": "Độ khẩn", "secrecy": "Độ mật",
    "page_count": "Số trang", "notes": "Ghi chú", "channel": "Hình thức nhận",
}


@rule("incoming.correct")
def _may_correct(user: Any, doc: Any) -> bool:
    """The clerks of the unit that keeps the document's register."""
    if not user.has_role(Role.CLERK):
        return False
    return doc is None or doc.register.unit_id in clerk_units(user)


def current_values(doc: IncomingDocument) -> CorrectionInput:
    """The form's starting point: what the register holds now."""
    values = {f.name: getattr(doc, f.name) for f in fields(CorrectionInput)}
    return CorrectionInput(**{k: "" if v is None and k not in OPTIONAL else v for k, v in values.items()})


def with_changes(doc: IncomingDocument, changes: Mapping[str, Any]) -> CorrectionInput:
    """The document's current details with `changes` applied; a None clears the field (a blank
    text, no date or page count, the ordinary urgency or secrecy)."""
    cleared = {"urgency": 0, "secrecy": 0}
    values = {**vars(current_values(doc))}
    for name, value in changes.items():
        values[name] = value if value is not None or name in OPTIONAL else cleared.get(name, "")
    return CorrectionInput(**values)


def _shown(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "issued_date":
        return value.strftime("%d/%m/%Y")
    if name == "urgency":
        return URGENCY_LABELS.get(value, str(value))
    if name == "secrecy":
        return SECRECY_LABELS.get(value, str(value))
    if name == "channel":
        return CHANNEL_LABELS.get(value, str(value))
    if name == "doc_type":
        kind = type_by_code(value)
        return kind.name if kind else str(value)
    return str(value)


def _validate(doc: IncomingDocument, data: CorrectionInput) -> None:
    """The registration checks, on the document's own register and arrival date."""
    from eoffice.documents.registration import _validate as validate_registration

    register = doc.register
    if (data.secrecy > 0) != register.is_confidential:
        raise ServiceError(
            "secrecy_needs_other_register",
            f"Văn bản đã vào {register.name}; độ mật chỉ sửa được trong cùng loại sổ "
            f"({'các mức mật' if register.is_confidential else 'văn bản thường'}). Nếu văn bản "
            f"{'không' if register.is_confidential else 'thực sự'} là văn bản mật, hãy vào sổ lại ở sổ "
            f"{'thường' if register.is_confidential else 'mật'} và ghi chú vào văn bản này.",
        )
    validate_registration(RegistrationInput(**vars(data), register_id=register.id, arrival_at=doc.arrival_at),
                          register, utcnow())


@operation
def correct_document(actor: Actor, doc: IncomingDocument, data: CorrectionInput) -> dict[str, tuple[str, str]]:
    """Apply the corrections; return {field label: (before, after)} of what changed."""
    authorize(actor, "incoming.correct", doc, "Chỉ văn thư của đơn vị giữ sổ mới sửa được thông tin văn bản.")
    _validate(doc, data)
    changes: dict[str, dict[str, Any]] = {}
    shown: dict[str, tuple[str, str]] = {}
    for name, after in register_columns(data).items():
        before = getattr(doc, name)
        if (before or None) == (after or None):  # "" and None are both "not given"
            continue
        changes[name] = {"before": before.isoformat() if isinstance(before, date) else before,
                         "after": after.isoformat() if isinstance(after, date) else after}
        shown[FIELD_LABELS[name]] = (_shown(name, before), _shown(name, after))
        setattr(doc, name, after)
    if not changes:
        raise ServiceError("nothing_changed", "Không có thông tin nào thay đổi. Sửa ít nhất một trường rồi lưu lại.")
    summary = "; ".join(f"{label}: {before} → {after}" for label, (before, after) in shown.items())
    history.record(actor, doc, "corrected", summary, data={"changes": changes})
    return shown
