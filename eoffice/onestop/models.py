"""One-stop tables: the procedure catalogue, the dossier as a work item and what it keeps.

Steps of a procedure are hand-offs: each one is an `Assignment` (role `step`) of the work
core with its own deadline, so the process control sheet is the dossier's assignments. The
history (timeline) is `WorkEvent`s; component files are `WorkFile`s (role `component`, `result`).
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.auth.models import User
from eoffice.db import TimestampMixin, db, utcnow
from eoffice.org.models import Unit
from eoffice.work.models import WorkItem


class DossierState(enum.StrEnum):
    """The national portal's statuses (DOMAIN.md §2); `PORTAL_CODES` gives their numbers."""

    NEW = "new"                  # 1 Mới đăng ký (submitted online, not yet checked)
    RECEIVED = "received"        # 2 Được tiếp nhận
    REJECTED = "rejected"        # 3 Không được tiếp nhận / từ chối giải quyết
    PROCESSING = "processing"    # 4 Đang xử lý
    SUPPLEMENT = "supplement"    # 5 Yêu cầu bổ sung (the clock is paused)
    FINANCIAL = "financial"      # 6 Nghĩa vụ tài chính
    WITHDRAWN = "withdrawn"      # 7 Công dân rút
    SUSPENDED = "suspended"      # 8 Dừng xử lý
    RESOLVED = "resolved"        # 9 Đã xử lý xong
    RETURNED = "returned"        # 10 Đã trả kết quả


S = DossierState
PORTAL_CODES = {state: number for number, state in enumerate(DossierState, start=1)}
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW.value: frozenset({S.RECEIVED.value, S.REJECTED.value, S.WITHDRAWN.value}),
    S.RECEIVED.value: frozenset({S.PROCESSING.value, S.REJECTED.value, S.WITHDRAWN.value}),
    S.PROCESSING.value: frozenset({S.SUPPLEMENT.value, S.FINANCIAL.value, S.SUSPENDED.value, S.RESOLVED.value,
                                   S.REJECTED.value, S.WITHDRAWN.value}),
    S.SUPPLEMENT.value: frozenset({S.PROCESSING.value, S.REJECTED.value, S.WITHDRAWN.value}),
    S.FINANCIAL.value: frozenset({S.PROCESSING.value, S.WITHDRAWN.value}),
    S.SUSPENDED.value: frozenset({S.PROCESSING.value}),
    S.RESOLVED.value: frozenset({S.RETURNED.value}),
    S.RETURNED.value: frozenset(),
    S.REJECTED.value: frozenset(),
    S.WITHDRAWN.value: frozenset(),
}
CLOSED_STATES = frozenset({S.RETURNED.value, S.REJECTED.value, S.WITHDRAWN.value})
STATUS_LABELS = {
    "new": "Mới đăng ký", "received": "Được tiếp nhận", "rejected": "Không được tiếp nhận / từ chối",
    "processing": "Đang xử lý", "supplement": "Yêu cầu bổ sung", "financial": "Thực hiện nghĩa vụ tài chính",
    "withdrawn": "Công dân rút hồ sơ", "suspended": "Dừng xử lý", "resolved": "Đã xử lý xong, chờ trả kết quả",
    "returned": "Đã trả kết quả",
}
EVENT_LABELS = {
    "submitted": "Nộp hồ sơ trực tuyến", "received": "Tiếp nhận hồ sơ", "accepted": "Tiếp nhận hồ sơ nộp trực tuyến",
    "forwarded": "Chuyển bước xử lý", "step_done": "Hoàn thành bước", "supplement_requested": "Yêu cầu bổ sung hồ sơ",
    "supplemented": "Công dân bổ sung hồ sơ", "refused": "Từ chối hồ sơ", "apologised": "Xin lỗi và hẹn lại ngày trả",
    "resolved": "Có kết quả giải quyết", "returned": "Trả kết quả", "withdrawn": "Công dân rút hồ sơ",
    "rated": "Công dân đánh giá", "file_added": "Thêm tệp thành phần",
    "result_issued": "Phát hành kết quả điện tử có chữ ký số của cơ quan",
}
CHANNEL_LABELS = {"desk": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính công ích"}
ONLINE_LABELS = {"": "Không trực tuyến", "mot_phan": "Trực tuyến một phần", "toan_trinh": "Trực tuyến toàn trình"}
COMPONENT_KIND_LABELS = {"original": "Bản chính", "copy": "Bản sao", "original_or_copy": "Bản chính hoặc bản sao"}
RATING_VALUES = {"rat_hai_long": "Rất hài lòng", "hai_long": "Hài lòng", "khong_hai_long": "Không hài lòng"}
RATING_CRITERIA = {
    "tiep_can": "Tiếp cận dịch vụ", "thu_tuc": "Thủ tục hành chính", "cong_chuc": "Công chức tiếp nhận, giải quyết",
    "ket_qua": "Kết quả giải quyết", "thoi_gian": "Thời gian giải quyết",
}


class Procedure(TimestampMixin, db.Model):
    """One administrative procedure of the catalogue, as data (a changed decree changes rows).

    `components`: [{"name", "kind" (original|copy|original_or_copy), "count", "required"}];
    `steps`: [{"name", "unit" (org code or short name; empty = the receiving agency),
    "role" (a Role value), "days"}] in order — the liên thông chain with per-step times.
    `days` is the whole time limit, working days unless `calendar_days`.
    """

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    field: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(50), default="")
    components: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    fee: Mapped[str] = mapped_column(String(300), default="")
    days: Mapped[float] = mapped_column(default=1.0)
    calendar_days: Mapped[bool] = mapped_column(default=False)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    result_form: Mapped[str] = mapped_column(String(300), default="")
    online: Mapped[str] = mapped_column(String(20), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    @property
    def time_text(self) -> str:
        shown = f"{self.days:g}".replace(".", ",")
        return f"{shown} ngày" if self.calendar_days else f"{shown} ngày làm việc"


class DossierCounter(db.Model):
    """The last sequence number of an agency's dossier codes on one day (atomic UPDATE)."""

    __tablename__ = "dossier_counters"

    agency_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class Dossier(WorkItem):
    """A citizen's dossier for one procedure. `title` is the procedure's name; `deadline` is
    the appointment (due) moment, None while the clock is paused."""

    __tablename__ = "dossiers"
    __mapper_args__ = {"polymorphic_identity": "dossier"}

    id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    agency_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_number: Mapped[str] = mapped_column(String(20), default="")
    applicant_phone: Mapped[str] = mapped_column(String(20), default="")
    applicant_email: Mapped[str] = mapped_column(String(200), default="")
    applicant_address: Mapped[str] = mapped_column(String(300), default="")
    lookup_secret: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column()
    counted_from: Mapped[datetime] = mapped_column()
    received_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    components: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    step: Mapped[int] = mapped_column(default=0)
    original_due: Mapped[Optional[datetime]] = mapped_column()
    apology_reason: Mapped[str] = mapped_column(Text, default="")
    missing_items: Mapped[list[str]] = mapped_column(JSON, default=list)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    result_note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[Optional[datetime]] = mapped_column()
    citizen_account_id: Mapped[Optional[int]] = mapped_column(ForeignKey("citizen_accounts.id"), index=True)

    procedure: Mapped[Procedure] = relationship()
    agency: Mapped[Unit] = relationship(foreign_keys=[agency_unit_id])
    received_by: Mapped[Optional[User]] = relationship(foreign_keys=[received_by_id])
    clock_events: Mapped[list["DossierClockEvent"]] = relationship(order_by="DossierClockEvent.id")

    def list_search_parts(self) -> list[str]:
        """The procedure's name, the dossier's code and the applicant a desk officer asks for."""
        return [self.title, self.code, self.applicant_name]

    @property
    def portal_code(self) -> int:
        return PORTAL_CODES[DossierState(self.status)]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATES


class DossierClockEvent(db.Model):
    """A pause/resume/return/restart of the dossier's clock, replayed by the calendar engine."""

    __tablename__ = "dossier_clock_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")


class DossierRating(db.Model):
    """The citizen's satisfaction with one criterion of one dossier (once per criterion)."""

    __tablename__ = "dossier_ratings"
    __table_args__ = (UniqueConstraint("dossier_id", "criterion", name="uq_dossier_ratings_criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(30))
    value: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10), default="online")  # online | kiosk | paper
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CitizenNotice(db.Model):
    """A message to the citizen about a change of their dossier, and whether it went out."""

    __tablename__ = "citizen_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # email | sms
    address: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sent | failed
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column()


class LookupFailure(db.Model):
    """One failed public lookup from an address: the throttle's memory, shared by every app
    process through the database (eoffice.onestop.citizen.THROTTLE)."""

    __tablename__ = "lookup_failures"
    __table_args__ = (Index("ix_lookup_failures_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CitizenAccount(db.Model):
    """A citizen's account on the public side, by phone number or e-mail (one of them, the one
    the codes go to). Never a staff `User`: it signs in through its own sessions and reaches
    only the citizen's pages. Usable once `verified_at` is set."""

    __tablename__ = "citizen_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[Optional[str]] = mapped_column(String(20), unique=True)
    email: Mapped[Optional[str]] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    verified_at: Mapped[Optional[datetime]] = mapped_column()
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def contact(self) -> str:
        return self.phone or self.email or ""

    @property
    def channel(self) -> str:
        return "sms" if self.phone else "email"

    @property
    def applicant_fields(self) -> dict[str, str]:
        """What an online submission from this account takes as the applicant's name and contact."""
        return {"applicant_name": self.full_name, "applicant_phone": self.phone or "", "applicant_email": self.email or ""}


class CitizenCode(db.Model):
    """A one-time code sent to the account's contact, to verify it or to reset the password.
    Only its digest is kept; it expires, allows a few attempts, and is used once."""

    __tablename__ = "citizen_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("citizen_accounts.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))  # verify | reset
    code_hash: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[Optional[datetime]] = mapped_column()


class CitizenSession(db.Model):
    """A citizen's signed-in browser session (the cookie holds the secret, the row its SHA-256),
    apart from staff sessions so a citizen never becomes `current_user`."""

    __tablename__ = "citizen_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("citizen_accounts.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[Optional[datetime]] = mapped_column()

    account: Mapped[CitizenAccount] = relationship()
