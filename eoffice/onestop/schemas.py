"""Typed input and output of one-stop dossiers: the services' arguments, the API's bodies
(422 with a Vietnamese message per field) and what the HTML forms are read into."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional

from pydantic import Field, field_validator

from eoffice.api.schemas import Id, Input, Output, Text30, Text50, Text200, Text2000, text
from eoffice.auth.roles import Role
from eoffice.text import nfc

Days = Annotated[float, Field(ge=0, le=3650)]
Channel = Literal["desk", "online", "postal"]
ComponentKind = Literal["original", "copy", "original_or_copy"]
OnlineLevel = Literal["", "mot_phan", "toan_trinh"]
RoleCode = Literal[tuple(r.value for r in Role)]  # type: ignore[valid-type]
Phone = Annotated[str, Field(max_length=20, pattern=r"^\+?[0-9 .]{0,20}$")]


class ComponentIn(Input):
    name: text(300, min_length=1) = Field(title="Tên thành phần hồ sơ")  # type: ignore[valid-type]
    kind: ComponentKind = Field("original_or_copy", title="Bản chính / bản sao")
    count: Annotated[int, Field(ge=1, le=99)] = Field(1, title="Số lượng")
    required: bool = Field(True, title="Bắt buộc")

    _nfc = field_validator("name")(lambda cls, v: nfc(v).strip())


class StepIn(Input):
    name: text(200, min_length=1) = Field(title="Tên bước")  # type: ignore[valid-type]
    unit: Text50 = Field("", title="Đơn vị thực hiện (mã định danh hoặc tên viết tắt; để trống: cơ quan tiếp nhận; @desk: bộ phận một cửa)")
    role: RoleCode = Field(Role.SPECIALIST.value, title="Vai trò thực hiện")
    days: Days = Field(0, title="Thời gian của bước (ngày làm việc)")

    _nfc = field_validator("name")(lambda cls, v: nfc(v).strip())


class ProcedureIn(Input):
    code: text(50, min_length=1) = Field(title="Mã thủ tục")  # type: ignore[valid-type]
    name: text(500, min_length=1) = Field(title="Tên thủ tục")  # type: ignore[valid-type]
    field: Text200 = Field("", title="Lĩnh vực")
    level: Text50 = Field("", title="Cấp thực hiện")
    components: list[ComponentIn] = Field(default_factory=list, max_length=50, title="Thành phần hồ sơ")
    fee: text(300) = Field("", title="Phí, lệ phí")  # type: ignore[valid-type]
    days: Days = Field(title="Thời hạn giải quyết")
    calendar_days: bool = Field(False, title="Tính theo ngày lịch")
    steps: list[StepIn] = Field(default_factory=list, max_length=30, title="Các bước xử lý")
    result_form: text(300) = Field("", title="Kết quả thực hiện")  # type: ignore[valid-type]
    online: OnlineLevel = Field("", title="Mức độ trực tuyến")
    is_active: bool = Field(True, title="Đang áp dụng")

    _nfc = field_validator("code", "name", "field", "level", "fee", "result_form")(lambda cls, v: nfc(v).strip())


class DossierIn(Input):
    """A dossier handed in: which procedure, who, which components are there (their indexes in
    the procedure's list), on which channel."""

    procedure_id: Id = Field(title="Thủ tục hành chính")
    channel: Channel = Field("desk", title="Hình thức nộp")
    applicant_name: text(200, min_length=1) = Field(title="Họ tên người nộp")  # type: ignore[valid-type]
    applicant_id_number: Annotated[str, Field(max_length=20, pattern=r"^[0-9]{0,20}$")] = Field("", title="Số định danh cá nhân")
    applicant_phone: Phone = Field("", title="Số điện thoại")
    applicant_email: Annotated[str, Field(max_length=200, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = Field("", title="Thư điện tử")
    applicant_address: text(300) = Field("", title="Địa chỉ")  # type: ignore[valid-type]
    provided: list[Annotated[int, Field(ge=0, le=49)]] = Field(default_factory=list, max_length=50, title="Thành phần đã nộp")
    desk_unit_id: Optional[Id] = Field(None, title="Nơi nộp hồ sơ (bộ phận một cửa)")

    _nfc = field_validator("applicant_name", "applicant_address")(lambda cls, v: nfc(v).strip())


class ReasonIn(Input):
    reason: text(2000, min_length=1) = Field(title="Lý do")  # type: ignore[valid-type]

    _nfc = field_validator("reason")(lambda cls, v: nfc(v).strip())


class SupplementIn(Input):
    restart: bool = Field(False, title="Trả lại hồ sơ chưa đầy đủ (tính lại thời hạn từ đầu khi nộp lại)")
    missing: list[text(300, min_length=1)] = Field(min_length=1, max_length=50, title="Thành phần cần bổ sung")  # type: ignore[valid-type]
    note: Text2000 = Field("", title="Hướng dẫn")

    _nfc = field_validator("missing")(lambda cls, v: [nfc(x).strip() for x in v if nfc(x).strip()])


class ApologyIn(Input):
    new_due: datetime = Field(title="Ngày hẹn trả mới")
    reason: text(2000, min_length=1) = Field(title="Lý do chậm")  # type: ignore[valid-type]

    _nfc = field_validator("reason")(lambda cls, v: nfc(v).strip())


class StepDoneIn(Input):
    result: Text2000 = Field("", title="Kết quả xử lý của bước")


class LookupIn(Input):
    code: Text50 = Field(title="Mã hồ sơ")
    secret: Text30 = Field(title="4 số cuối điện thoại hoặc mã tra cứu trên giấy tiếp nhận")


class RatingIn(Input):
    values: dict[Text30, Literal["rat_hai_long", "hai_long", "khong_hai_long"]] = Field(title="Đánh giá")
    channel: Literal["online", "kiosk", "paper"] = Field("online", title="Hình thức đánh giá")


# --- Outputs -----------------------------------------------------------------------------------
class ProcedureOut(Output):
    id: int
    code: str
    name: str
    field: str
    level: str
    fee: str
    days: float
    calendar_days: bool
    online: str
    components: list[dict]  # type: ignore[type-arg]
    steps: list[dict]  # type: ignore[type-arg]


class DossierOut(Output):
    id: int
    code: str
    title: str
    status: str
    portal_code: int
    channel: str
    applicant_name: str
    received_at: datetime
    counted_from: datetime
    deadline: Optional[datetime]
    original_due: Optional[datetime]
    procedure_id: int
    step: int
    missing_items: list[str]
