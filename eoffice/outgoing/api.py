"""JSON API for outgoing documents: everything the pages can do, through the same services and
the same pydantic models (their fields' titles give the 422 messages in Vietnamese)."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from flask import Response
from flask_login import current_user
from pydantic import Field

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Items, Page, PageQuery, Query, SearchWords, paged
from eoffice.calendar import service as calendar
from eoffice.errors import ServiceError
from eoffice.outgoing import approval, drafting, issuance, queries
from eoffice.outgoing.schemas import (
    ApproveIn, ChainIn, ChainOut, CommentIn, ConsultIn, DraftIn, OutgoingDetailOut, OutgoingOut, ReasonIn,
    RegisterRowOut, StagedOut, UploadParts, VersionIn,
)
from eoffice.outgoing.uploads import stage_draft_file
from eoffice.signing.office import agency_stamper
from eoffice.web.guard import current_actor


class ListQuery(PageQuery):
    tab: Literal[tuple(queries.TABS)] = Field("tat_ca", title="Danh sách")  # type: ignore[valid-type]
    q: SearchWords = Field("", title="Từ khóa")


class RegisterQuery(Query):
    q: SearchWords = Field("", title="Từ khóa")
    year: Optional[Annotated[int, Field(ge=2000, le=2100)]] = Field(None, title="Năm")
    agency_unit_id: Optional[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(None, title="Cơ quan ban hành")


def _doc(outgoing_id: int):  # type: ignore[no-untyped-def]
    return drafting.read_outgoing(current_actor(), outgoing_id)


@api_bp.get("/outgoing")
@permission("outgoing.work")
@api_bp.input(ListQuery, location="query", arg_name="query")
@api_bp.output(Page[OutgoingOut])
def list_outgoing(query: ListQuery) -> Any:
    """Văn bản đi của người gọi: chờ tôi xử lý, tôi soạn, hoặc tất cả văn bản được xem

    q: các từ trong trích yếu hoặc số, ký hiệu (gõ không dấu được); page, per_page: phân trang.
    """
    return paged(queries.listing(current_user, query.tab, query.q, query.page, query.per_page))


@api_bp.post("/outgoing/uploads")
@permission("outgoing.draft")
@api_bp.input(UploadParts, location="files", arg_name="parts")
@api_bp.output(StagedOut, status_code=201)
def outgoing_upload(parts: UploadParts) -> Any:
    """Tải tệp dự thảo (PDF; DOCX được chuyển sang PDF) hoặc tệp đính kèm; trả về mã tệp

    multipart/form-data: file, main=1 cho tệp dự thảo. Dùng token làm main_token (và source_token) khi tạo dự thảo.
    """
    if parts.file is None or not parts.file.filename:
        raise ServiceError("missing_file", "Thiếu tệp (trường 'file' trong multipart/form-data).")
    return stage_draft_file(current_actor(), parts.file.stream, parts.file.filename, main=parts.is_main)


@api_bp.post("/outgoing")
@permission("outgoing.draft")
@api_bp.input(DraftIn, arg_name="data")
@api_bp.output(OutgoingDetailOut, status_code=201)
def outgoing_create(data: DraftIn) -> Any:
    """Tạo dự thảo văn bản đi (cần main_token từ /outgoing/uploads)"""
    return drafting.create_draft(current_actor(), data)


@api_bp.get("/outgoing/<int:outgoing_id>")
@permission("outgoing.work")
@api_bp.output(OutgoingDetailOut)
def outgoing_get(outgoing_id: int) -> Any:
    """Một văn bản đi: tệp, nơi nhận, xin ý kiến và toàn bộ quá trình"""
    return _doc(outgoing_id)


@api_bp.post("/outgoing/<int:outgoing_id>/versions")
@permission("outgoing.draft")
@api_bp.input(VersionIn, arg_name="data")
@api_bp.output(OutgoingDetailOut, status_code=201)
def outgoing_add_version(outgoing_id: int, data: VersionIn) -> Any:
    """Thêm phiên bản dự thảo (các phiên bản trước được giữ lại)"""
    doc = _doc(outgoing_id)
    drafting.add_version(current_actor(), doc, data)
    return _doc(outgoing_id)


def _act(outgoing_id: int, call: Any) -> Any:
    doc = _doc(outgoing_id)
    call(doc)
    return _doc(outgoing_id)


@api_bp.post("/outgoing/<int:outgoing_id>/submit")
@permission("outgoing.draft")
@api_bp.output(OutgoingDetailOut)
def outgoing_submit(outgoing_id: int) -> Any:
    """Trình dự thảo theo luồng duyệt của loại văn bản và đơn vị"""
    return _act(outgoing_id, lambda doc: approval.submit(current_actor(), doc))


@api_bp.post("/outgoing/<int:outgoing_id>/approve")
@permission("outgoing.work")
@api_bp.input(ApproveIn, arg_name="data")
@api_bp.output(OutgoingDetailOut)
def outgoing_approve(outgoing_id: int, data: ApproveIn) -> Any:
    """Duyệt ở bước của mình (bước cuối chốt phiên bản được duyệt theo SHA-256)"""
    return _act(outgoing_id, lambda doc: approval.approve(current_actor(), doc, data))


@api_bp.post("/outgoing/<int:outgoing_id>/return")
@permission("outgoing.work")
@api_bp.input(ReasonIn, arg_name="data")
@api_bp.output(OutgoingDetailOut)
def outgoing_return_draft(outgoing_id: int, data: ReasonIn) -> Any:
    """Trả lại dự thảo cho người soạn (bắt buộc ghi lý do)"""
    return _act(outgoing_id, lambda doc: approval.return_draft(current_actor(), doc, data))


@api_bp.post("/outgoing/<int:outgoing_id>/comments")
@permission("outgoing.work")
@api_bp.input(CommentIn, arg_name="data")
@api_bp.output(OutgoingDetailOut, status_code=201)
def outgoing_comment(outgoing_id: int, data: CommentIn) -> Any:
    """Cho ý kiến về dự thảo"""
    return _act(outgoing_id, lambda doc: approval.comment(current_actor(), doc, data))


@api_bp.post("/outgoing/<int:outgoing_id>/consultations")
@permission("outgoing.work")
@api_bp.input(ConsultIn, arg_name="data")
@api_bp.output(OutgoingDetailOut, status_code=201)
def outgoing_consult(outgoing_id: int, data: ConsultIn) -> Any:
    """Xin ý kiến song song, hạn trả lời theo lịch làm việc"""
    return _act(outgoing_id, lambda doc: approval.consult(current_actor(), doc, data))


@api_bp.post("/outgoing/<int:outgoing_id>/consultations/<int:assignment_id>/answer")
@permission("outgoing.work")
@api_bp.input(CommentIn, arg_name="data")
@api_bp.output(OutgoingDetailOut)
def outgoing_answer(outgoing_id: int, assignment_id: int, data: CommentIn) -> Any:
    """Trả lời yêu cầu xin ý kiến"""
    return _act(outgoing_id, lambda doc: approval.answer_consultation(current_actor(), doc, assignment_id, data))


@api_bp.post("/outgoing/<int:outgoing_id>/signed")
@permission("outgoing.work")
@api_bp.input(UploadParts, location="files", arg_name="parts")
@api_bp.output(OutgoingDetailOut)
def outgoing_signed(outgoing_id: int, parts: UploadParts) -> Any:
    """Người ký gửi bản đã duyệt đã được ký số bằng công cụ ký của mình (USB token, SIM)

    multipart/form-data: file = bản PDF đã ký. Chỉ nhận bản đã duyệt (cùng SHA-256) được ký thêm chữ ký.
    """
    if parts.file is None or not parts.file.filename:
        raise ServiceError("missing_file", "Thiếu tệp (trường 'file' trong multipart/form-data).")
    data = parts.file.stream.read()
    return _act(outgoing_id, lambda doc: issuance.sign(current_actor(), doc, issuance.signed_elsewhere(data)))


@api_bp.post("/outgoing/<int:outgoing_id>/issue")
@permission("outgoing.issue")
@api_bp.output(OutgoingDetailOut)
def outgoing_issue(outgoing_id: int) -> Any:
    """Cấp số từ sổ văn bản đi, đóng dấu (ký số cơ quan) và phát hành (văn thư cơ quan ban hành)"""
    return _act(outgoing_id, lambda doc: issuance.issue(current_actor(), doc, stamp=agency_stamper(doc)))


@api_bp.post("/outgoing/<int:outgoing_id>/recall")
@permission("outgoing.issue")
@api_bp.input(ReasonIn, arg_name="data")
@api_bp.output(OutgoingDetailOut)
def outgoing_recall(outgoing_id: int, data: ReasonIn) -> Any:
    """Thu hồi văn bản đã ban hành (bắt buộc ghi lý do); nơi nhận được báo"""
    return _act(outgoing_id, lambda doc: issuance.recall(current_actor(), doc, data))


@api_bp.get("/outgoing/register")
@permission("outgoing.register.view")
@api_bp.input(RegisterQuery, location="query", arg_name="query")
@api_bp.output(Items[RegisterRowOut])
def outgoing_register(query: RegisterQuery) -> Any:
    """Sổ văn bản đi của cơ quan trong một năm (mặc định: cơ quan của người gọi, năm nay)"""
    from eoffice.outgoing.views import default_agency_id

    agency_id = query.agency_unit_id or default_agency_id(current_user)
    rows = queries.register_rows(current_user, agency_id, query.year or calendar.now().year, q=query.q) if agency_id else []
    return {"items": [RegisterRowOut.model_validate(d) for d in rows]}


@api_bp.get("/outgoing/chains")
@permission("outgoing.chains.manage")
@api_bp.output(Items[ChainOut])
def outgoing_chains() -> Any:
    """Các luồng duyệt văn bản đi"""
    return {"items": [ChainOut.model_validate(c) for c in drafting.list_chains()]}


@api_bp.put("/outgoing/chains")
@permission("outgoing.chains.manage")
@api_bp.input(ChainIn, arg_name="data")
@api_bp.output(ChainOut)
def outgoing_set_chain(data: ChainIn) -> Any:
    """Đặt luồng duyệt cho loại văn bản và đơn vị (để trống: mọi loại / mọi đơn vị)"""
    return drafting.set_chain(current_actor(), data)


@api_bp.get("/outgoing/files/<int:outgoing_file_id>")
@permission("outgoing.work")
@api_bp.doc(responses={200: {"description": "Nội dung tệp", "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}}})
def outgoing_download(outgoing_file_id: int) -> Response:
    """Tải tệp của văn bản đi (phiên bản dự thảo, bản đã ký, đính kèm)"""
    from eoffice.outgoing.views import file_response

    return file_response(outgoing_file_id)

