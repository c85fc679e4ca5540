"""Typed input and output of outgoing documents: the same models are the services' arguments,
the API's request bodies (422 with one Vietnamese message per field) and what the HTML forms
are read into (eoffice.web.form_input), so the three can never disagree."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Optional

from apiflask.fields import UploadFile
from pydantic import Field

from eoffice.api.schemas import EventOut, Id, Input, Output, Text30, Text50, Text100, Text200, Text2000, Text5000, UserDate, text
from eoffice.outgoing.models import AUTHORITIES

Token = Text100
Urgency = Annotated[int, Field(ge=0, le=3)]  # 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc
Secrecy = Annotated[int, Field(ge=0, le=3)]  # 0 thường, 1 mật, 2 tối mật, 3 tuyệt mật
Authority = Literal[AUTHORITIES]  # type: ignore[valid-type]
Subject = text(500, min_length=1)


# --- Inputs ------------------------------------------------------------------------------------
class ExternalRecipientIn(Input):
    name: Text200 = Field(title="Tên cơ quan nhận bên ngoài")
    code: Text50 = Field("", title="Mã định danh cơ quan nhận")


class DraftIn(Input):
    """A new draft. `main_token` is a PDF staged by POST /outgoing/uploads (a DOCX is converted
    there; `source_token` then keeps the DOCX beside the PDF)."""

    doc_type: Text30 = Field(title="Loại văn bản")
    subject: Subject = Field(title="Trích yếu")
    signer_id: Id = Field(title="Người ký")
    main_token: Token = Field(title="Tệp dự thảo")
    authority: Authority = Field("", title="Thẩm quyền ký")
    urgency: Urgency = Field(0, title="Độ khẩn")
    secrecy: Secrecy = Field(0, title="Độ mật")
    recipient_unit_ids: list[Id] = Field(default_factory=list, max_length=200, title="Nơi nhận trong hệ thống")
    external_recipients: list[ExternalRecipientIn] = Field(default_factory=list, max_length=200,
                                                           title="Nơi nhận bên ngoài")
    answers_incoming_id: Optional[Id] = Field(None, title="Văn bản đến được trả lời")
    attachment_tokens: list[Token] = Field(default_factory=list, max_length=50, title="Tệp đính kèm")
    source_token: Token = Field("", title="Tệp gốc (DOCX)")


class VersionIn(Input):
    main_token: Token = Field(title="Tệp dự thảo")
    source_token: Token = Field("", title="Tệp gốc (DOCX)")


class AttachmentIn(Input):
    token: Token = Field(title="Tệp đính kèm")


class ChainIn(Input):
    doc_type: Optional[Text30] = Field(None, title="Loại văn bản")
    unit_id: Optional[Id] = Field(None, title="Đơn vị soạn thảo")
    steps: list[Id] = Field(default_factory=list, max_length=20, title="Người duyệt theo thứ tự")


class ApproveIn(Input):
    comment: Text5000 = Field("", title="Ý kiến")


class ReasonIn(Input):
    # Blank is let through to the service, whose message says why a reason is needed.
    reason: Text2000 = Field("", title="Lý do")


class CommentIn(Input):
    text: Text5000 = Field("", title="Ý kiến")


class ConsultIn(Input):
    user_ids: list[Id] = Field(min_length=1, max_length=50, title="Người được xin ý kiến")
    question: Text5000 = Field(title="Nội dung xin ý kiến")
    deadline: UserDate = Field(None, title="Hạn trả lời")
    working_days: Annotated[int, Field(ge=1, le=60)] = Field(3, title="Số ngày làm việc để trả lời")


class UploadParts(Input):
    """multipart/form-data of an upload: a PDF (or DOCX, converted) body, or an attachment."""

    file: Optional[UploadFile] = Field(None, title="Tệp")
    main: Text30 = Field("", title="Tệp dự thảo (1) hay đính kèm")

    @property
    def is_main(self) -> bool:
        return self.main in ("1", "true")


# --- Outputs -----------------------------------------------------------------------------------
class FileOut(Output):
    id: int
    role: str
    filename: str
    size: int
    sha256: str
    content_type: str


class StagedOut(Output):
    token: str
    filename: str
    sha256: str
    converted_from: str = ""
    source_token: str = ""


class RecipientOut(Output):
    id: int
    label: str
    unit_id: Optional[int]
    organisation_code: Optional[str] = None
    status: str
    delivery_id: Optional[int]


class ConsultationOut(Output):
    id: int
    user_id: Optional[int]
    instruction: str
    deadline: Optional[datetime]
    status: str
    result: str


class OutgoingOut(Output):
    id: int
    doc_type: str
    subject: str
    status: str
    urgency: int
    secrecy: int
    authority: str
    drafter_id: int
    signer_id: Optional[int]
    agency_unit_id: int
    owner_unit_id: Optional[int]
    answers_incoming_id: Optional[int]
    chain: list[int]
    step: int
    approved_sha256: str
    number: Optional[int]
    notation: str
    register_year: Optional[int]
    issued_at: Optional[datetime]
    recall_reason: str


class OutgoingDetailOut(OutgoingOut):
    current_version_id: Optional[int]
    approved_version_id: Optional[int]
    signed_file_id: Optional[int]
    files: list[FileOut]
    recipients: list[RecipientOut]
    consultations: list[ConsultationOut]
    history: list[EventOut] = Field(validation_alias="events")


class ChainOut(Output):
    id: int
    doc_type: Optional[str]
    unit_id: Optional[int]
    steps: list[int]


class RegisterRowOut(Output):
    id: int
    notation: str
    number: Optional[int]
    issued_at: Optional[datetime]
    doc_type: str
    subject: str
    status: str

