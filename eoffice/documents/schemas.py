"""Typed input and output of the incoming-documents API.

One model per operation. Where a service takes an input dataclass (RegistrationInput,
SteeringInput, DeliveryInput) the model's `to_input()` is the one place the API's fields become
the service's; the lengths are the database columns'.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, BinaryIO, Literal, Optional

from apiflask.fields import UploadFile
from pydantic import ConfigDict, Field, RootModel

from eoffice.api.schemas import (
    Id, Input, Output, PageQuery, Query, SearchWords, SmallInt, Text30, Text50, Text100, Text200, Text500, Text2000, Text5000,
    UserDate,
)
from eoffice.documents import deliveries, queries, registration, routing
from eoffice.documents.models import CHANNEL_LABELS

Token = Text100
# Bounded ints, not Literal[0, 1, 2, 3]: a query string's "1" must read as 1.
Urgency = Annotated[int, Field(ge=0, le=3)]  # 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc
Secrecy = Annotated[int, Field(ge=0, le=3)]  # 0 thường, 1 mật, 2 tối mật, 3 tuyệt mật
Tab = Literal[tuple(queries.TABS)]  # type: ignore[valid-type]
Channel = Literal[tuple(CHANNEL_LABELS)]  # type: ignore[valid-type]


# --- Inputs ------------------------------------------------------------------------------------
class IncomingListQuery(PageQuery):
    tab: Optional[Tab] = Field(None, title="Hàng đợi")
    q: SearchWords = Field("", title="Từ khóa")
    doc_type: Text30 = Field("", title="Loại văn bản")
    urgency: Optional[Urgency] = Field(None, title="Độ khẩn")
    status: Text30 = Field("", title="Tình trạng")
    date_from: UserDate = Field(None, alias="from", title="Từ ngày")
    date_to: UserDate = Field(None, alias="to", title="Đến ngày")
    sort: Text30 = Field("deadline", title="Sắp xếp")

    def filters(self) -> queries.Filters:
        return queries.Filters(q=self.q, doc_type=self.doc_type, urgency=self.urgency, status=self.status,
                               date_from=self.date_from, date_to=self.date_to, sort=self.sort)


class UploadParts(Input):
    """multipart/form-data of an upload."""

    file: Optional[UploadFile] = Field(None, title="Tệp")
    main: Text30 = Field("", title="Văn bản chính (1 = PDF văn bản chính)")

    @property
    def is_main(self) -> bool:
        return self.main in ("1", "true")


class RegistrationIn(Input):
    register_id: Id = Field(title="Sổ văn bản đến")
    issuer_name: Text200 = Field(title="Cơ quan ban hành")
    doc_type: Text30 = Field(title="Loại văn bản")
    subject: Text500 = Field(title="Trích yếu")
    main_token: Token = Field(title="Mã tệp văn bản chính")
    issuer_code: Text50 = Field("", title="Mã cơ quan ban hành")
    code_number: Text30 = Field("", title="Số")
    code_notation: Text100 = Field("", title="Ký hiệu")
    issued_date: UserDate = Field(None, title="Ngày văn bản")
    signer_name: Text100 = Field("", title="Người ký")
    signer_position: Text100 = Field("", title="Chức vụ người ký")
    urgency: Urgency = Field(0, title="Độ khẩn")
    secrecy: Secrecy = Field(0, title="Độ mật")
    page_count: Optional[SmallInt] = Field(None, title="Số trang")
    deadline: UserDate = Field(None, title="Hạn xử lý")
    notes: Text2000 = Field("", title="Ghi chú")
    channel: Channel = Field("paper", title="Hình thức nhận")
    submitted_to_id: Optional[Id] = Field(None, title="Lãnh đạo được trình")
    attachment_tokens: list[Token] = Field(default_factory=list, max_length=50, title="Mã tệp đính kèm")
    confirm_duplicate: bool = Field(False, title="Vẫn vào sổ khi nghi trùng")

    def to_input(self) -> registration.RegistrationInput:
        return registration.RegistrationInput(**self.model_dump())


class UnitTargetIn(Input):
    unit_id: Id = Field(title="Đơn vị")
    deadline: UserDate = Field(None, title="Hạn xử lý")

    def to_target(self) -> routing.UnitTarget:
        return routing.UnitTarget(self.unit_id, self.deadline)


class SteeringIn(Input):
    opinion: Text5000 = Field(title="Ý kiến chỉ đạo")
    lead: Optional[UnitTargetIn] = Field(None, title="Đơn vị chủ trì")
    coordinate: list[UnitTargetIn] = Field(default_factory=list, max_length=100, title="Đơn vị phối hợp")
    inform_units: list[Id] = Field(default_factory=list, max_length=200, title="Đơn vị để biết")
    inform_users: list[Id] = Field(default_factory=list, max_length=500, title="Người để biết")

    def to_input(self) -> routing.SteeringInput:
        return routing.SteeringInput(
            opinion=self.opinion, lead=self.lead.to_target() if self.lead else None,
            coordinate=[t.to_target() for t in self.coordinate], inform_units=list(self.inform_units),
            inform_users=list(self.inform_users),
        )


class ProposalIn(Input):
    opinion: Text5000 = Field(title="Ý kiến đề xuất")
    leader_id: Id = Field(title="Lãnh đạo")


class CommentIn(Input):
    text: Text5000 = Field("", title="Ý kiến")
    file_token: Token = Field("", title="Mã tệp kèm theo")


class ReplyProposalIn(Input):
    summary: Text5000 = Field(title="Nội dung dự thảo")
    file_token: Token = Field("", title="Mã tệp dự thảo")


class ResultIn(Input):
    result: Text5000 = Field(title="Kết quả xử lý")


class AssignIn(Input):
    user_id: Id = Field(title="Cán bộ xử lý")
    deadline: UserDate = Field(None, title="Hạn xử lý")
    instruction: Text5000 = Field("", title="Chỉ dẫn")


class ReasonIn(Input):
    reason: Text5000 = Field(title="Lý do")


class ForwardIn(Input):
    unit_id: Id = Field(title="Đơn vị nhận")
    reason: Text5000 = Field(title="Lý do")


class ReminderIn(Input):
    text: Text5000 = Field("", title="Lời đôn đốc")


class RegisterRowsQuery(Query):
    kind: Literal["incoming", "followup"] = Field("incoming", title="Loại sổ")
    date_from: UserDate = Field(None, alias="from", title="Từ ngày")
    date_to: UserDate = Field(None, alias="to", title="Đến ngày")


class DeliveryMetadata(Input):
    """The `metadata` part of a delivery: what the sender says about the document."""

    recipient_unit_id: Id = Field(title="Đơn vị nhận")
    subject: Text500 = Field(title="Trích yếu")
    doc_type: Text30 = Field(title="Loại văn bản")
    code_number: Text30 = Field("", title="Số")
    code_notation: Text100 = Field("", title="Ký hiệu")
    issued_date: UserDate = Field(None, title="Ngày văn bản")
    signer_name: Text100 = Field("", title="Người ký")
    signer_position: Text100 = Field("", title="Chức vụ người ký")
    urgency: Urgency = Field(0, title="Độ khẩn")
    secrecy: Secrecy = Field(0, title="Độ mật")

    def to_input(self, attachments: list[tuple[BinaryIO, str]]) -> deliveries.DeliveryInput:
        return deliveries.DeliveryInput(**self.model_dump(), attachments=attachments)


class DeliveryParts(Input):
    """multipart/form-data of a delivery; attachments come as repeated 'attachments' parts."""

    model_config = ConfigDict(extra="ignore")
    main: Optional[UploadFile] = Field(None, title="Tệp văn bản (PDF)")
    metadata: Text5000 = Field("{}", title="Thông tin văn bản (JSON)", description=(
        "Đối tượng JSON: recipient_unit_id, subject, doc_type, code_number, code_notation, issued_date, "
        "signer_name, signer_position, urgency, secrecy."))


# --- Outputs ---------------------------------------------------------------------------------
class Counts(RootModel[dict[str, int]]):
    """Documents in each of the caller's queues."""


class AssignmentOut(Output):
    id: int
    role: str
    unit_id: Optional[int]
    user_id: Optional[int]
    assignee: str = Field(validation_alias="assignee_label")
    parent_id: Optional[int]
    status: str
    deadline: Optional[datetime]
    assigned_by: int = Field(validation_alias="assigned_by_id")
    assigned_at: datetime
    opened_at: Optional[datetime]
    done_at: Optional[datetime]
    result: str
    return_reason: str
    instruction: str


class FileOut(Output):
    id: int
    role: str
    filename: str
    size: int
    sha256: str
    content_type: str
    signatures: list[dict[str, Any]]


class EventOut(Output):
    at: datetime
    actor: str = Field(validation_alias="actor_name")
    kind: str
    text: str
    assignment_id: Optional[int]
    file_id: Optional[int]


class DocumentOut(Output):
    id: int
    register_id: int
    year: int
    arrival_number: int
    arrival_at: datetime
    channel: str
    issuer_name: str
    issuer_code: Optional[str]
    code_number: str
    code_notation: str
    number_notation: str
    issued_date: Optional[date]
    doc_type: str
    subject: str
    signer_name: str
    urgency: int
    secrecy: int
    page_count: Optional[int]
    deadline: Optional[datetime]
    status: str
    submitted_to_id: Optional[int]
    result: str


class DocumentDetailOut(DocumentOut):
    files: list[FileOut]
    assignments: list[AssignmentOut]
    history: list[EventOut] = Field(validation_alias="events")


class QueueRow(DocumentOut):
    assignment: Optional[AssignmentOut] = None


class QueuePage(Output):
    tab: str
    page: int
    per_page: int
    total: Optional[int]
    items: list[QueueRow]


class StagedOut(Output):
    token: str
    filename: str
    size: int
    sha256: str
    inspection: dict[str, Any]


class RegisterOut(Output):
    id: int
    name: str
    unit_id: int
    unit: str
    confidential: bool


class RegisterRowsOut(Output):
    register_id: int
    kind: str
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    items: list[dict[str, Any]]


class DeliveryFileOut(Output):
    filename: str
    size: int
    sha256: str
    content_type: str


class DeliveryOut(Output):
    id: int
    status: str
    recipient_unit_id: int
    sender_unit_id: Optional[int]
    sender_name: str
    received_at: datetime
    metadata: dict[str, Any] = Field(validation_alias="metadata_")
    files: list[DeliveryFileOut]
    document_id: Optional[int]
    refused_reason: Optional[str]


class AcceptedDeliveryOut(Output):
    main_token: str
    attachment_tokens: list[str]
    prefill: dict[str, Any]


# --- Around steering: presenting, referring, corrections, registers ---------------------------
class LeaderIn(Input):
    leader_id: Id = Field(title="Lãnh đạo")
    note: Text2000 = Field("", title="Ghi chú")


class ReferralOut(Output):
    id: int
    submitted_to_id: Optional[int]
    status: str


class CorrectionIn(Input):
    """Only the fields sent change; the others keep their registered value."""

    issuer_name: Optional[Text200] = Field(None, title="Cơ quan ban hành")
    issuer_code: Optional[Text50] = Field(None, title="Mã cơ quan ban hành")
    doc_type: Optional[Text30] = Field(None, title="Loại văn bản")
    subject: Optional[Text500] = Field(None, title="Trích yếu")
    code_number: Optional[Text30] = Field(None, title="Số")
    code_notation: Optional[Text100] = Field(None, title="Ký hiệu")
    issued_date: UserDate = Field(None, title="Ngày văn bản")
    signer_name: Optional[Text100] = Field(None, title="Người ký")
    signer_position: Optional[Text100] = Field(None, title="Chức vụ người ký")
    notes: Optional[Text2000] = Field(None, title="Ghi chú")
    channel: Optional[Channel] = Field(None, title="Hình thức nhận")
    urgency: Optional[Urgency] = Field(None, title="Độ khẩn")
    secrecy: Optional[Secrecy] = Field(None, title="Độ mật")
    page_count: Optional[SmallInt] = Field(None, title="Số trang")

    def sent(self) -> dict[str, Any]:
        """The fields the caller sent; an explicit null clears the field."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class CorrectionOut(Output):
    document: DocumentDetailOut
    changes: dict[str, list[str]]


class ManagedRegisterIn(Input):
    unit_id: Id = Field(title="Đơn vị")
    name: Text100 = Field(title="Tên sổ")
    confidential: bool = Field(False, title="Sổ văn bản mật")


class ManagedRegisterUpdate(Input):
    name: Optional[Text100] = Field(None, title="Tên sổ")
    is_active: Optional[bool] = Field(None, title="Đang sử dụng")


class ManagedRegisterOut(Output):
    id: int
    unit_id: int
    name: str
    is_confidential: bool
    is_active: bool
    documents: int = 0
