"""JSON API for incoming documents: everything the pages can do, through the same services."""
from __future__ import annotations

import json
from typing import Any

from flask import request
from flask_login import current_user
from pydantic import ValidationError

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Items
from eoffice.auth.permissions import require
from eoffice.calendar import service as calendar
from eoffice.documents import deliveries, processing, queries, registers, registration, routing
from eoffice.documents.models import Assignment, IncomingDocument
from eoffice.documents.schemas import (
    AcceptedDeliveryOut, AssignIn, AssignmentOut, CommentIn, Counts, DeliveryMetadata, DeliveryOut, DeliveryParts,
    DocumentDetailOut, ForwardIn, IncomingListQuery, ProposalIn, QueuePage, QueueRow, ReasonIn, RegisterOut,
    RegisterRowsOut, RegisterRowsQuery, RegistrationIn, ReminderIn, ReplyProposalIn, ResultIn, StagedOut, SteeringIn,
    UploadParts,
)
from eoffice.documents.uploads import UploadRejected, stage_upload
from eoffice.errors import ServiceError
from eoffice.jsondata import json_ready
from eoffice.web.guard import current_actor


def _document(doc_id: int) -> IncomingDocument:
    return routing.read_document(current_actor(), doc_id)


def _assignment(assignment_id: int) -> Assignment:
    assignment = routing.get_assignment(assignment_id)
    require(current_user, "incoming.view", assignment.work_item)
    return assignment


@api_bp.get("/incoming")
@permission("incoming.work")
@api_bp.input(IncomingListQuery, location="query", arg_name="query")
@api_bp.output(QueuePage)
def list_documents(query: IncomingListQuery) -> Any:
    """Hàng đợi văn bản đến của người gọi

    Các bộ lọc như trên trang: tab, q, doc_type, urgency, status, from, to, sort.
    """
    tabs = queries.tabs_for(current_user)
    tab = query.tab or tabs[0]
    if tab not in tabs:
        raise ServiceError("invalid_tab", f"Tab không hợp lệ; chọn một trong: {', '.join(tabs)}.")
    pagination, rows = queries.listing(current_user, tab, query.filters(), query.page, query.per_page)
    items = [QueueRow.model_validate(doc).model_copy(update={"assignment": AssignmentOut.model_validate(a) if a else None})
             for doc, a in rows]
    return {"tab": tab, "page": pagination.page, "per_page": pagination.per_page, "total": pagination.total,
            "items": items}


@api_bp.get("/incoming/counts")
@permission("incoming.work")
@api_bp.output(Counts)
def counts() -> Any:
    """Số lượng văn bản trong từng hàng đợi"""
    return queries.counts(current_user)


@api_bp.get("/incoming/<int:doc_id>")
@permission("incoming.work")
@api_bp.output(DocumentDetailOut)
def get_document(doc_id: int) -> Any:
    """Một văn bản đến, kèm tệp, phân công và quá trình xử lý"""
    return _document(doc_id)


@api_bp.get("/incoming/files/<int:file_id>")
@permission("incoming.work")
@api_bp.doc(responses={200: {"description": "Nội dung tệp", "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}}})
def download(file_id: int) -> Any:
    """Tải tệp của văn bản (văn bản chính, đính kèm, tệp xử lý)

    Như trang văn bản: chỉ người được xem văn bản mới tải được tệp.
    """
    from eoffice.documents.views import file_response

    return file_response(file_id)


@api_bp.post("/incoming/uploads")
@permission("incoming.work")
@api_bp.input(UploadParts, location="files", arg_name="parts")
@api_bp.output(StagedOut, status_code=201)
def upload(parts: UploadParts) -> Any:
    """Tải tệp lên; trả về mã tệp và thông tin đọc được

    multipart/form-data: file, main=1 cho văn bản chính (PDF). Dùng mã tệp khi vào sổ, ghi ý kiến, đề xuất dự thảo.
    """
    if parts.file is None or not parts.file.filename:
        raise UploadRejected("missing_file", "Thiếu tệp (trường 'file' trong multipart/form-data).")
    if parts.is_main:
        require(current_user, "incoming.register")
    return stage_upload(current_actor(), parts.file.stream, parts.file.filename, main_document=parts.is_main)


@api_bp.get("/incoming/uploads/<token>")
@permission("incoming.work")
@api_bp.output(StagedOut)
def staged(token: str) -> Any:
    """Một tệp đã tải lên (của chính người gọi), với kết quả kiểm tra chữ ký số

    Chữ ký số được kiểm tra sau khi tải lên: inspection.signature_check.state là "pending" khi đang kiểm tra,
    "done" khi inspection.signatures đã có kết quả từng chữ ký.
    """
    from eoffice.db import db
    from eoffice.documents.models import StagedUpload
    from eoffice.documents.uploads import STAGED_TOKEN
    from eoffice.errors import NotFound

    row = None
    if STAGED_TOKEN.fullmatch(token):  # anything else (a NUL byte, say) is no token: PostgreSQL would refuse it
        row = db.session.query(StagedUpload).filter_by(token=token, user_id=current_user.id).one_or_none()
    if row is None:
        raise NotFound("tệp đã tải lên")
    return row


@api_bp.post("/incoming")
@permission("incoming.register")
@api_bp.input(RegistrationIn, arg_name="data")
@api_bp.output(DocumentDetailOut, status_code=201)
def register(data: RegistrationIn) -> Any:
    """Vào sổ văn bản đến (cần main_token từ /incoming/uploads)"""
    return registration.register_document(current_actor(), data.to_input())


@api_bp.post("/incoming/<int:doc_id>/route")
@permission("incoming.route")
@api_bp.input(SteeringIn, arg_name="data")
@api_bp.output(DocumentDetailOut)
def route(doc_id: int, data: SteeringIn) -> Any:
    """Ý kiến chỉ đạo: chủ trì, phối hợp, để biết"""
    routing.route(current_actor(), _document(doc_id), data.to_input())
    return _document(doc_id)


@api_bp.post("/incoming/<int:doc_id>/propose")
@permission("incoming.propose")
@api_bp.input(ProposalIn, arg_name="data")
@api_bp.output(DocumentDetailOut)
def propose(doc_id: int, data: ProposalIn) -> Any:
    """Chánh Văn phòng đề xuất phân phối, trình lãnh đạo"""
    routing.propose(current_actor(), _document(doc_id), data.opinion, data.leader_id)
    return _document(doc_id)


@api_bp.post("/incoming/<int:doc_id>/comments")
@permission("incoming.work")
@api_bp.input(CommentIn, arg_name="data")
@api_bp.output(DocumentDetailOut, status_code=201)
def add_comment(doc_id: int, data: CommentIn) -> Any:
    """Ghi ý kiến xử lý (có thể kèm file_token từ /incoming/uploads)"""
    processing.comment(current_actor(), _document(doc_id), data.text, data.file_token)
    return _document(doc_id)


@api_bp.post("/incoming/<int:doc_id>/reply-proposals")
@permission("incoming.work")
@api_bp.input(ReplyProposalIn, arg_name="data")
@api_bp.output(DocumentDetailOut, status_code=201)
def propose_reply(doc_id: int, data: ReplyProposalIn) -> Any:
    """Đề xuất dự thảo văn bản trả lời"""
    processing.propose_reply(current_actor(), _document(doc_id), data.summary, data.file_token)
    return _document(doc_id)


@api_bp.post("/incoming/<int:doc_id>/close")
@permission("incoming.close")
@api_bp.input(ResultIn, arg_name="data")
@api_bp.output(DocumentDetailOut)
def close(doc_id: int, data: ResultIn) -> Any:
    """Đơn vị chủ trì kết thúc xử lý văn bản"""
    processing.close_document(current_actor(), _document(doc_id), data.result)
    return _document(doc_id)


@api_bp.post("/assignments/<int:assignment_id>/assign")
@permission("incoming.assign")
@api_bp.input(AssignIn, arg_name="data")
@api_bp.output(AssignmentOut, status_code=201)
def assign(assignment_id: int, data: AssignIn) -> Any:
    """Lãnh đạo đơn vị phân công cán bộ xử lý"""
    return routing.assign_handler(current_actor(), _assignment(assignment_id), data.user_id, data.deadline, data.instruction)


@api_bp.post("/assignments/<int:assignment_id>/complete")
@permission("incoming.work")
@api_bp.input(ResultIn, arg_name="data")
@api_bp.output(AssignmentOut)
def complete(assignment_id: int, data: ResultIn) -> Any:
    """Hoàn thành phần việc"""
    assignment = _assignment(assignment_id)
    processing.complete_assignment(current_actor(), assignment, data.result)
    return assignment


@api_bp.post("/assignments/<int:assignment_id>/return")
@permission("incoming.work")
@api_bp.input(ReasonIn, arg_name="data")
@api_bp.output(AssignmentOut)
def give_back(assignment_id: int, data: ReasonIn) -> Any:
    """Trả lại (bắt buộc lý do)"""
    assignment = _assignment(assignment_id)
    routing.return_assignment(current_actor(), assignment, data.reason)
    return assignment


@api_bp.post("/assignments/<int:assignment_id>/forward")
@permission("incoming.assign")
@api_bp.input(ForwardIn, arg_name="data")
@api_bp.output(AssignmentOut, status_code=201)
def forward(assignment_id: int, data: ForwardIn) -> Any:
    """Chuyển phần việc sang đơn vị khác"""
    return routing.forward_assignment(current_actor(), _assignment(assignment_id), data.unit_id, data.reason)


@api_bp.post("/assignments/<int:assignment_id>/open")
@permission("incoming.work")
@api_bp.output(AssignmentOut)
def open_part(assignment_id: int) -> Any:
    """Xác nhận đã nhận phần việc (Nhận xử lý / Đã xem)

    Sau đó người giao không thu hồi được nữa; phần việc "để biết" thành đã xử lý. Đọc văn bản
    (GET) không ghi nhận gì.
    """
    assignment = _assignment(assignment_id)
    routing.open_assignment(current_actor(), assignment)
    return assignment


@api_bp.post("/assignments/<int:assignment_id>/recall")
@permission("incoming.supervise")
@api_bp.output(AssignmentOut)
def recall(assignment_id: int) -> Any:
    """Thu hồi phần việc chưa được mở"""
    assignment = _assignment(assignment_id)
    routing.recall_assignment(current_actor(), assignment)
    return assignment


@api_bp.post("/assignments/<int:assignment_id>/remind")
@permission("incoming.supervise")
@api_bp.input(ReminderIn, arg_name="data")
@api_bp.output(AssignmentOut)
def remind(assignment_id: int, data: ReminderIn) -> Any:
    """Đôn đốc"""
    assignment = _assignment(assignment_id)
    routing.remind(current_actor(), assignment, data.text)
    return assignment


@api_bp.get("/incoming/registers")
@permission("incoming.registers.print")
@api_bp.output(Items[RegisterOut])
def list_registers() -> Any:
    """Các sổ văn bản đến người gọi được in"""
    return {"items": [{"id": r.id, "name": r.name, "unit_id": r.unit_id, "unit": r.unit.name,
                       "confidential": r.is_confidential} for r in registers.printable_registers(current_user)]}


@api_bp.get("/incoming/registers/<int:register_id>/rows")
@permission("incoming.registers.print")
@api_bp.input(RegisterRowsQuery, location="query", arg_name="query")
@api_bp.output(RegisterRowsOut)
def register_rows(register_id: int, query: RegisterRowsQuery) -> Any:
    """Các dòng của sổ đăng ký (kind=incoming) hoặc sổ theo dõi giải quyết (kind=followup) từ ngày … đến ngày …"""
    today = calendar.now().date()
    start = query.date_from or today.replace(day=1)
    end = query.date_to or today
    register = registration.get_register(register_id)
    build = registers.incoming_rows if query.kind == "incoming" else registers.follow_up_rows
    rows = build(current_actor(), register, start, end)
    return {"register_id": register.id, "kind": query.kind, "from": start, "to": end, "items": json_ready(rows)}


@api_bp.post("/incoming/deliveries")
@permission("incoming.deliver")
@api_bp.input(DeliveryParts, location="files", arg_name="parts")
@api_bp.output(DeliveryOut, status_code=201)
def deliver(parts: DeliveryParts) -> Any:
    """Gửi văn bản điện tử tới đơn vị khác

    multipart/form-data: main = PDF, attachments (nhiều tệp), metadata = JSON.
    """
    if parts.main is None or not parts.main.filename:
        raise UploadRejected("missing_file", "Thiếu tệp văn bản (trường 'main' trong multipart/form-data).")
    try:
        meta = DeliveryMetadata.model_validate(json.loads(parts.metadata or "{}"))
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            from eoffice.api.validation import field_messages

            details = field_messages(exc)
            raise ServiceError("invalid_metadata", "metadata: " + next(iter(details.values())),
                               **{f"metadata.{k}": v for k, v in details.items()}) from exc
        raise ServiceError("invalid_json", "Trường 'metadata' phải là một đối tượng JSON.") from exc
    attachments = [(f.stream, f.filename) for f in request.files.getlist("attachments") if f.filename]
    return deliveries.deliver(current_actor(), meta.to_input(attachments), (parts.main.stream, parts.main.filename))


@api_bp.get("/incoming/deliveries")
@permission("incoming.register")
@api_bp.output(Items[DeliveryOut])
def list_deliveries() -> Any:
    """Văn bản điện tử chờ văn thư của người gọi tiếp nhận"""
    return {"items": deliveries.pending_for(current_user)}


@api_bp.post("/incoming/deliveries/<int:delivery_id>/accept")
@permission("incoming.register")
@api_bp.output(AcceptedDeliveryOut)
def accept_delivery(delivery_id: int) -> Any:
    """Nhận văn bản để vào sổ

    Trả về mã tệp (main_token, attachment_tokens) và thông tin điền sẵn cho POST /incoming.
    """
    delivery = deliveries.get_delivery(delivery_id)
    staged = deliveries.accept(current_actor(), delivery)
    return {"main_token": staged[0].token, "attachment_tokens": [s.token for s in staged[1:]],
            "prefill": json_ready(deliveries.prefill(delivery))}


@api_bp.post("/incoming/deliveries/<int:delivery_id>/refuse")
@permission("incoming.register")
@api_bp.input(ReasonIn, arg_name="data")
@api_bp.output(DeliveryOut)
def refuse_delivery(delivery_id: int, data: ReasonIn) -> Any:
    """Trả lại văn bản gửi nhầm (bắt buộc lý do)"""
    delivery = deliveries.get_delivery(delivery_id)
    deliveries.refuse(current_actor(), delivery, data.reason)
    return delivery
