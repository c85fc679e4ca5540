"""Registering an incoming document into a register (vào sổ văn bản đến).

Số đến is sequential per register per calendar year, never duplicated and never skipped: it is
taken from a counter row with an atomic UPDATE … RETURNING inside the registration's own
transaction, so a failed save rolls the number back with everything else.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.auth.permissions import authorize
from eoffice.auth.principals import clerk_units
from eoffice.auth.roles import Role
from eoffice.calendar import service as calendar
from eoffice.calendar.timezone import VN
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.work import history
from eoffice.documents.doc_types import type_by_code
from eoffice.documents.notation import check_code
from eoffice.documents.models import (
    IncomingDocument,
    IncomingState,
    WorkFile,
    IncomingRegister,
    RegisterCounter,
    URGENCY_LABELS,
    SECRECY_LABELS,
)
from eoffice.documents.uploads import take_staged
from eoffice.errors import Conflict, ServiceError
from eoffice.files.models import StoredFile
from eoffice.notify.service import notify
from eoffice.text import nfc, required_text
from eoffice.work.unit_of_work import operation


@dataclass(kw_only=True)
class DocumentDetails:
    """What the register records about a document, as the clerk gives it: registration and
    correction take the same facts and pass the same checks."""

    issuer_name: str
    doc_type: str
    subject: str
    code_number: str = ""
    code_notation: str = ""
    issued_date: Optional[date] = None
    issuer_code: str = ""
    signer_name: str = ""
    signer_position: str = ""
    urgency: int = 0
    secrecy: int = 0
    page_count: Optional[int] = None
    notes: str = ""
    channel: str = "paper"


@dataclass(kw_only=True)
class RegistrationInput(DocumentDetails):
    register_id: int
    deadline: Optional[date] = None
    arrival_at: Optional[datetime] = None
    submitted_to_id: Optional[int] = None
    main_token: str = ""
    attachment_tokens: list[str] = field(default_factory=list)
    confirm_duplicate: bool = False


def register_columns(details: DocumentDetails) -> dict[str, Any]:
    """The register's columns for what the clerk gave: NFC text, số and ký hiệu checked against
    the Decree 30 shape and spelled canonically, the issuer code upper-case, names cut to fit."""
    number, notation = check_code(details.code_number, details.code_notation)
    return {
        "issuer_name": nfc(details.issuer_name), "issuer_code": nfc(details.issuer_code).upper() or None,
        "code_number": normalize_code_number(number), "code_notation": notation,
        "issued_date": details.issued_date, "doc_type": details.doc_type, "subject": nfc(details.subject),
        "signer_name": nfc(details.signer_name)[:50], "signer_position": nfc(details.signer_position)[:100],
        "urgency": details.urgency, "secrecy": details.secrecy, "page_count": details.page_count,
        "notes": nfc(details.notes), "channel": details.channel,
    }


class DuplicateSuspected(Conflict):
    """Raised before saving when a probable duplicate exists; the clerk may confirm and retry."""

    def __init__(self, matches: list[IncomingDocument]) -> None:
        described = "; ".join(
            f"số đến {d.arrival_number}/{d.year} ({d.number_notation or 'không số'} – {d.issuer_name})" for d in matches[:3]
        )
        super().__init__(
            "duplicate_suspected",
            f"Văn bản này có thể đã được vào sổ: {described}. Kiểm tra lại; nếu đúng là văn bản khác, "
            "đánh dấu 'Vẫn vào sổ' rồi lưu lại.",
            matches=[d.id for d in matches],
        )
        self.matches = matches


# --- Registers -------------------------------------------------------------------------------
def registers_for(user: User) -> list[IncomingRegister]:
    """Active registers of the units where the user is a clerk."""
    units = clerk_units(user)
    if not units:
        return []
    return list(db.session.scalars(
        select(IncomingRegister).where(IncomingRegister.unit_id.in_(units), IncomingRegister.is_active.is_(True))
        .order_by(IncomingRegister.is_confidential, IncomingRegister.name)
    ))


def get_register(register_id: int) -> IncomingRegister:
    return get_or_not_found(IncomingRegister, register_id, "sổ văn bản đến")


def next_arrival_number(register_id: int, year: int) -> int:
    """Take the next số đến of a register for a year, inside the current transaction."""
    dialect = db.engine.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(RegisterCounter).values(register_id=register_id, year=year, last_number=0).on_conflict_do_nothing()
    )
    return db.session.execute(
        update(RegisterCounter)
        .where(RegisterCounter.register_id == register_id, RegisterCounter.year == year)
        .values(last_number=RegisterCounter.last_number + 1)
        .returning(RegisterCounter.last_number)
    ).scalar_one()


# --- Duplicates ------------------------------------------------------------------------------
def normalize_code_number(raw: str) -> str:
    """'05' and '5' are the same number; keep letters (e.g. '12a') as written."""
    value = nfc(raw).upper()
    return value.lstrip("0") or ("0" if value else "")


def normalize_notation(raw: str) -> str:
    return nfc(raw).upper().replace(" ", "")


def find_duplicates(code_number: str, code_notation: str, issuer_name: str, sha256s: list[str]) -> list[IncomingDocument]:
    conditions = []
    if code_number and code_notation:
        conditions.append(
            (func.upper(IncomingDocument.code_notation) == normalize_notation(code_notation))
            & (IncomingDocument.code_number == normalize_code_number(code_number))
            & (func.lower(IncomingDocument.issuer_name) == nfc(issuer_name).lower())
        )
    if sha256s:
        conditions.append(IncomingDocument.files.any(WorkFile.stored.has(StoredFile.sha256.in_(sha256s)) & (WorkFile.role == "main")))
    if not conditions:
        return []
    return list(db.session.scalars(select(IncomingDocument).where(or_(*conditions)).order_by(IncomingDocument.id).limit(5)))


# --- Validation ------------------------------------------------------------------------------
def _validate(data: RegistrationInput, register: IncomingRegister, now: datetime) -> None:
    if not nfc(data.issuer_name):
        raise ServiceError("missing_issuer", "Hãy nhập cơ quan ban hành (tác giả) của văn bản.")
    if not nfc(data.subject):
        raise ServiceError("missing_subject", "Hãy nhập trích yếu nội dung văn bản.")
    if len(nfc(data.subject)) > 500:
        raise ServiceError("subject_too_long", "Trích yếu dài quá 500 ký tự; hãy rút gọn.")
    if type_by_code(data.doc_type) is None:
        raise ServiceError("invalid_doc_type", "Hãy chọn tên loại văn bản trong danh mục (văn bản hành chính theo Nghị định 30/2020/NĐ-CP "
                           "hoặc văn bản quy phạm pháp luật).")
    if data.urgency not in URGENCY_LABELS:
        raise ServiceError("invalid_urgency", "Độ khẩn không hợp lệ.")
    if data.secrecy not in SECRECY_LABELS:
        raise ServiceError("invalid_secrecy", "Độ mật không hợp lệ.")
    if data.secrecy > 0 and not register.is_confidential:
        raise ServiceError("needs_confidential_register", "Văn bản mật phải vào sổ văn bản đến mật. Hãy chọn sổ mật.")
    if data.secrecy == 0 and register.is_confidential:
        raise ServiceError("ordinary_in_confidential_register", "Sổ mật chỉ dùng cho văn bản có độ mật. Hãy chọn độ mật hoặc sổ thường.")
    local_today = now.astimezone(VN).date()
    if data.issued_date and data.issued_date > local_today:
        raise ServiceError("issued_in_future", f"Ngày văn bản ({data.issued_date:%d/%m/%Y}) không thể sau hôm nay. Kiểm tra lại ngày trên văn bản.")
    if data.arrival_at and data.arrival_at > now:
        raise ServiceError("arrival_in_future", "Ngày đến không thể ở tương lai.")
    if data.issued_date and data.arrival_at and data.issued_date > data.arrival_at.astimezone(VN).date():
        raise ServiceError("arrival_before_issue", "Ngày đến không thể trước ngày văn bản.")
    if data.page_count is not None and not 1 <= data.page_count <= 999:
        raise ServiceError("invalid_page_count", "Số trang phải từ 1 đến 999.")
    if data.deadline is not None:
        calendar.deadline_on(data.deadline, register.unit_id)
    if data.channel not in ("paper", "electronic", "internal"):
        raise ServiceError("invalid_channel", "Hình thức nhận không hợp lệ.")


def _leader(user_id: Optional[int]) -> Optional[User]:
    if user_id is None:
        return None
    leader = db.session.get(User, user_id)
    if leader is None or not leader.is_enabled:
        raise ServiceError("leader_unavailable", "Lãnh đạo được chọn để trình không còn hoạt động. Hãy chọn người khác.")
    if not leader.has_role(Role.CHAIR, Role.OFFICE_CHIEF):
        raise ServiceError("not_a_leader", f"{leader.full_name} không phải lãnh đạo cho ý kiến chỉ đạo. Hãy chọn Chủ tịch, Phó Chủ tịch hoặc Chánh Văn phòng.")
    return leader


def end_of_working_day(day: date) -> datetime:
    """A deadline given as a date means the end of that working day, in Vietnam time."""
    return calendar.end_of_working_day(day)


# --- Registration ------------------------------------------------------------------------------
@operation
def register_document(actor: Actor, data: RegistrationInput) -> IncomingDocument:
    """Validate, warn about duplicates, number, save files and present to the leader — all or nothing."""
    register = get_register(data.register_id)
    authorize(actor, "incoming.register")
    if not actor.is_operator and register.unit_id not in clerk_units(actor.user):
        raise ServiceError("not_your_register", "Bạn không phải văn thư của đơn vị giữ sổ này.")
    if not register.is_active:
        raise ServiceError("register_closed", "Sổ này đã ngừng sử dụng. Hãy chọn sổ khác.")
    now = utcnow()
    number, notation = check_code(data.code_number, data.code_notation)  # Decree 30 shape, canonical spelling
    data = replace(data, code_number=number, code_notation=notation)
    _validate(data, register, now)
    leader = _leader(data.submitted_to_id)

    if not data.main_token:
        raise ServiceError("missing_file", "Hãy tải lên tệp văn bản (PDF) trước khi vào sổ.")
    staged = take_staged(actor, [data.main_token, *data.attachment_tokens])
    main, attachments = staged[0], staged[1:]

    if not data.confirm_duplicate:
        duplicates = find_duplicates(data.code_number, data.code_notation, data.issuer_name, [main.sha256])
        if duplicates:
            raise DuplicateSuspected(duplicates)

    arrival_at = data.arrival_at or now
    year = arrival_at.astimezone(VN).year
    number = next_arrival_number(register.id, year)
    inspection = main.inspection or {}
    doc = IncomingDocument(
        **{**register_columns(data), "page_count": data.page_count or inspection.get("page_count")},
        register_id=register.id,
        year=year,
        arrival_number=number,
        arrival_at=arrival_at,
        deadline=calendar.deadline_on(data.deadline, register.unit_id) if data.deadline else None,
        status=IncomingState.SUBMITTED.value,
        owner_unit_id=register.unit_id,
        submitted_to_id=leader.id if leader else None,
        registered_by_id=actor.user_id,
        text_content=nfc(inspection.get("text", ""))[:1_000_000],
    )
    db.session.add(doc)
    db.session.flush()
    if main.delivery_id is not None:
        from eoffice.documents.deliveries import mark_registered

        mark_registered(actor, main.delivery_id, doc)
    for role, item in [("main", main)] + [("attachment", a) for a in attachments]:
        db.session.add(WorkFile(work_item_id=doc.id, role=role, stored=item.stored, added_by_id=actor.user_id))
        db.session.delete(item)
    db.session.flush()
    history.record(actor, doc, "registered", f"Số đến {number} – {register.name}",
                   data={"arrival_number": number, "register_id": register.id})
    if leader is not None:
        history.record(actor, doc, "submitted", f"Trình {leader.full_name}")
        notify([leader.id], "incoming.submitted",
               f"Văn bản đến số {number} chờ ý kiến chỉ đạo: {doc.subject[:200]}", f"/incoming/{doc.id}")
    return doc
