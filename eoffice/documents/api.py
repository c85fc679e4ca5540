"""JSON API for incoming documents: everything the pages can do."""
from __future__ import annotations

import json
from typing import Any

from flask import request
from flask_login import current_user

from eoffice.api import endpoint, json_body, page_args
from eoffice.auth.permissions import require
from eoffice.calendar import service as calendar
from eoffice.documents import deliveries, processing, queries, registers, registration, routing
from eoffice.documents.models import Assignment, IncomingDocument
from eoffice.documents.uploads import UploadRejected, stage_upload
from eoffice.documents.views import parse_date, parse_int
from eoffice.errors import ServiceError
from eoffice.jsondata import json_ready
from eoffice.web.guard import current_actor


def assignment_json(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.id, "role": a.role, "unit_id": a.unit_id, "user_id": a.user_id, "assignee": a.assignee_label,
        "parent_id": a.parent_id, "status": a.status, "deadline": a.deadline.isoformat() if a.deadline else None,
        "assigned_by": a.assigned_by_id, "assigned_at": a.assigned_at.isoformat(),
        "opened_at": a.opened_at.isoformat() if a.opened_at else None, "done_at": a.done_at.isoformat() if a.done_at else None,
        "result": a.result, "return_reason": a.return_reason, "instruction": a.instruction,
    }


def document_json(doc: IncomingDocument, full: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": doc.id, "register_id": doc.register_id, "year": doc.year, "arrival_number": doc.arrival_number,
        "arrival_at": doc.arrival_at.isoformat(), "channel": doc.channel, "issuer_name": doc.issuer_name,
        "issuer_code": doc.issuer_code, "code_number": doc.code_number, "code_notation": doc.code_notation,
        "number_notation": doc.number_notation, "issued_date": doc.issued_date.isoformat() if doc.issued_date else None,
        "doc_type": doc.doc_type, "subject": doc.subject, "signer_name": doc.signer_name, "urgency": doc.urgency,
        "secrecy": doc.secrecy, "page_count": doc.page_count, "deadline": doc.deadline.isoformat() if doc.deadline else None,
        "status": doc.status, "submitted_to_id": doc.submitted_to_id, "result": doc.result,
    }
    if full:
        body["files"] = [{"id": f.id, "role": f.role, "filename": f.filename, "size": f.size, "sha256": f.sha256,
                          "content_type": f.content_type, "signatures": f.signatures} for f in doc.files]
        body["assignments"] = [assignment_json(a) for a in doc.assignments]
        body["history"] = [{"at": e.at.isoformat(), "actor": e.actor_name, "kind": e.kind, "text": e.text,
                            "assignment_id": e.assignment_id, "file_id": e.file_id} for e in doc.events]
    return body


def _document(doc_id: int) -> IncomingDocument:
    doc = routing.get_document(doc_id)
    require(current_user, "incoming.view", doc)
    return doc


def _assignment(assignment_id: int) -> Assignment:
    assignment = routing.get_assignment(assignment_id)
    require(current_user, "incoming.view", assignment.work_item)
    return assignment


@endpoint("/incoming", "GET", "incoming.work", "Hàng đợi văn bản đến của người gọi (tab, q, doc_type, urgency, from, to, sort)")
def list_documents() -> Any:
    tabs = queries.tabs_for(current_user)
    tab = request.args.get("tab") or tabs[0]
    if tab not in tabs:
        raise ServiceError("invalid_tab", f"Tab không hợp lệ; chọn một trong: {', '.join(tabs)}.")
    filters = queries.Filters(
        q=request.args.get("q", ""), doc_type=request.args.get("doc_type", ""),
        urgency=parse_int(request.args.get("urgency"), "Độ khẩn"),
        date_from=parse_date(request.args.get("from"), "Từ ngày"), date_to=parse_date(request.args.get("to"), "Đến ngày"),
        sort=request.args.get("sort", "deadline"),
    )
    page, per_page = page_args()
    pagination, rows = queries.listing(current_user, tab, filters, page, per_page)
    return {
        "tab": tab, "page": pagination.page, "per_page": pagination.per_page, "total": pagination.total,
        "items": [dict(document_json(doc), assignment=assignment_json(a) if a else None) for doc, a in rows],
    }


@endpoint("/incoming/counts", "GET", "incoming.work", "Số lượng văn bản trong từng hàng đợi")
def counts() -> Any:
    return queries.counts(current_user)


@endpoint("/incoming/<int:doc_id>", "GET", "incoming.work", "Một văn bản đến, kèm tệp, phân công và quá trình xử lý")
def get_document(doc_id: int) -> Any:
    return document_json(_document(doc_id), full=True)


@endpoint("/incoming/uploads", "POST", "incoming.work",
          "Tải tệp lên (multipart: file, main=1 cho văn bản chính PDF); trả về mã tệp và thông tin đọc được")
def upload() -> Any:
    file = request.files.get("file")
    if file is None or not file.filename:
        raise UploadRejected("missing_file", "Thiếu tệp (trường 'file' trong multipart/form-data).")
    main = request.form.get("main") in ("1", "true")
    if main:
        require(current_user, "incoming.register")
    staged = stage_upload(current_actor(), file.stream, file.filename, main_document=main)
    return {"token": staged.token, "filename": staged.filename, "size": staged.size, "sha256": staged.sha256,
            "inspection": staged.inspection}, 201


@endpoint("/incoming", "POST", "incoming.register", "Vào sổ văn bản đến (cần main_token từ /incoming/uploads)", body={
    "type": "object", "required": ["register_id", "issuer_name", "doc_type", "subject", "main_token"],
    "properties": {k: {"type": "string"} for k in (
        "issuer_name", "issuer_code", "doc_type", "subject", "code_number", "code_notation", "issued_date", "signer_name",
        "signer_position", "deadline", "notes", "channel", "main_token")} | {
        "register_id": {"type": "integer"}, "urgency": {"type": "integer"}, "secrecy": {"type": "integer"},
        "page_count": {"type": "integer"}, "submitted_to_id": {"type": "integer"},
        "attachment_tokens": {"type": "array", "items": {"type": "string"}}, "confirm_duplicate": {"type": "boolean"}}})
def register() -> Any:
    data = json_body()
    doc = registration.register_document(current_actor(), registration.RegistrationInput(
        register_id=int(data.get("register_id") or 0), issuer_name=str(data.get("issuer_name", "")),
        issuer_code=str(data.get("issuer_code") or ""), doc_type=str(data.get("doc_type", "")), subject=str(data.get("subject", "")),
        code_number=str(data.get("code_number") or ""), code_notation=str(data.get("code_notation") or ""),
        issued_date=parse_date(data.get("issued_date"), "Ngày văn bản"), signer_name=str(data.get("signer_name") or ""),
        signer_position=str(data.get("signer_position") or ""), urgency=int(data.get("urgency") or 0),
        secrecy=int(data.get("secrecy") or 0), page_count=data.get("page_count"),
        deadline=parse_date(data.get("deadline"), "Hạn xử lý"), notes=str(data.get("notes") or ""),
        channel=str(data.get("channel") or "paper"), submitted_to_id=data.get("submitted_to_id"),
        main_token=str(data.get("main_token") or ""), attachment_tokens=list(data.get("attachment_tokens") or []),
        confirm_duplicate=bool(data.get("confirm_duplicate")),
    ))
    return document_json(doc, full=True), 201


def _targets(items: Any) -> list[routing.UnitTarget]:
    return [routing.UnitTarget(int(t["unit_id"]), parse_date(t.get("deadline"), "Hạn xử lý")) for t in items or []]


@endpoint("/incoming/<int:doc_id>/route", "POST", "incoming.route", "Ý kiến chỉ đạo: chủ trì, phối hợp, để biết", body={
    "type": "object", "required": ["opinion", "lead"],
    "properties": {"opinion": {"type": "string"}, "lead": {"type": "object"}, "coordinate": {"type": "array"},
                   "inform_units": {"type": "array"}, "inform_users": {"type": "array"}}})
def route(doc_id: int) -> Any:
    data = json_body()
    lead = _targets([data["lead"]] if data.get("lead") else [])
    routing.route(current_actor(), _document(doc_id), routing.SteeringInput(
        opinion=str(data.get("opinion") or ""), lead=lead[0] if lead else None, coordinate=_targets(data.get("coordinate")),
        inform_units=[int(u) for u in data.get("inform_units") or []], inform_users=[int(u) for u in data.get("inform_users") or []],
    ))
    return document_json(_document(doc_id), full=True)


@endpoint("/incoming/<int:doc_id>/propose", "POST", "incoming.propose", "Chánh Văn phòng đề xuất phân phối, trình lãnh đạo",
          body={"type": "object", "required": ["opinion", "leader_id"], "properties": {"opinion": {"type": "string"}, "leader_id": {"type": "integer"}}})
def propose(doc_id: int) -> Any:
    data = json_body()
    routing.propose(current_actor(), _document(doc_id), str(data.get("opinion") or ""), int(data.get("leader_id") or 0))
    return document_json(_document(doc_id), full=True)


@endpoint("/incoming/<int:doc_id>/comments", "POST", "incoming.work", "Ghi ý kiến xử lý (có thể kèm file_token từ /incoming/uploads)",
          body={"type": "object", "properties": {"text": {"type": "string"}, "file_token": {"type": "string"}}})
def add_comment(doc_id: int) -> Any:
    data = json_body()
    processing.comment(current_actor(), _document(doc_id), str(data.get("text") or ""), str(data.get("file_token") or ""))
    return document_json(_document(doc_id), full=True), 201


@endpoint("/incoming/<int:doc_id>/reply-proposals", "POST", "incoming.work", "Đề xuất dự thảo văn bản trả lời",
          body={"type": "object", "required": ["summary"], "properties": {"summary": {"type": "string"}, "file_token": {"type": "string"}}})
def propose_reply(doc_id: int) -> Any:
    data = json_body()
    processing.propose_reply(current_actor(), _document(doc_id), str(data.get("summary") or ""), str(data.get("file_token") or ""))
    return document_json(_document(doc_id), full=True), 201


@endpoint("/incoming/<int:doc_id>/close", "POST", "incoming.close", "Đơn vị chủ trì kết thúc xử lý văn bản",
          body={"type": "object", "required": ["result"], "properties": {"result": {"type": "string"}}})
def close(doc_id: int) -> Any:
    processing.close_document(current_actor(), _document(doc_id), str(json_body().get("result") or ""))
    return document_json(_document(doc_id), full=True)


@endpoint("/assignments/<int:assignment_id>/assign", "POST", "incoming.assign", "Lãnh đạo đơn vị phân công cán bộ xử lý",
          body={"type": "object", "required": ["user_id"], "properties": {"user_id": {"type": "integer"}, "deadline": {"type": "string"}, "instruction": {"type": "string"}}})
def assign(assignment_id: int) -> Any:
    data = json_body()
    created = routing.assign_handler(current_actor(), _assignment(assignment_id), int(data.get("user_id") or 0),
                                     parse_date(data.get("deadline"), "Hạn xử lý"), str(data.get("instruction") or ""))
    return assignment_json(created), 201


@endpoint("/assignments/<int:assignment_id>/complete", "POST", "incoming.work", "Hoàn thành phần việc",
          body={"type": "object", "required": ["result"], "properties": {"result": {"type": "string"}}})
def complete(assignment_id: int) -> Any:
    assignment = _assignment(assignment_id)
    processing.complete_assignment(current_actor(), assignment, str(json_body().get("result") or ""))
    return assignment_json(assignment)


@endpoint("/assignments/<int:assignment_id>/return", "POST", "incoming.work", "Trả lại (bắt buộc lý do)",
          body={"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}})
def give_back(assignment_id: int) -> Any:
    assignment = _assignment(assignment_id)
    routing.return_assignment(current_actor(), assignment, str(json_body().get("reason") or ""))
    return assignment_json(assignment)


@endpoint("/assignments/<int:assignment_id>/forward", "POST", "incoming.assign", "Chuyển phần việc sang đơn vị khác",
          body={"type": "object", "required": ["unit_id", "reason"], "properties": {"unit_id": {"type": "integer"}, "reason": {"type": "string"}}})
def forward(assignment_id: int) -> Any:
    data = json_body()
    created = routing.forward_assignment(current_actor(), _assignment(assignment_id), int(data.get("unit_id") or 0), str(data.get("reason") or ""))
    return assignment_json(created), 201


@endpoint("/assignments/<int:assignment_id>/recall", "POST", "incoming.supervise", "Thu hồi phần việc chưa được mở")
def recall(assignment_id: int) -> Any:
    assignment = _assignment(assignment_id)
    routing.recall_assignment(current_actor(), assignment)
    return assignment_json(assignment)


@endpoint("/assignments/<int:assignment_id>/remind", "POST", "incoming.supervise", "Đôn đốc",
          body={"type": "object", "properties": {"text": {"type": "string"}}})
def remind(assignment_id: int) -> Any:
    assignment = _assignment(assignment_id)
    data = request.get_json(silent=True) or {}
    routing.remind(current_actor(), assignment, str(data.get("text") or ""))
    return assignment_json(assignment)


@endpoint("/incoming/registers", "GET", "incoming.registers.print", "Các sổ văn bản đến người gọi được in")
def list_registers() -> Any:
    return {"items": [{"id": r.id, "name": r.name, "unit_id": r.unit_id, "unit": r.unit.name,
                       "confidential": r.is_confidential} for r in registers.printable_registers(current_user)]}


@endpoint("/incoming/registers/<int:register_id>/rows", "GET", "incoming.registers.print",
          "Các dòng của sổ đăng ký (kind=incoming) hoặc sổ theo dõi giải quyết (kind=followup) từ ngày … đến ngày …",
          params=[{"name": n, "in": "query", "schema": {"type": "string"}} for n in ("kind", "from", "to")])
def register_rows(register_id: int) -> Any:
    kind = request.args.get("kind", "incoming")
    if kind not in ("incoming", "followup"):
        raise ServiceError("bad_kind", "kind phải là 'incoming' (sổ đăng ký) hoặc 'followup' (sổ theo dõi giải quyết).")
    today = calendar.now().date()
    start = parse_date(request.args.get("from"), "Từ ngày") or today.replace(day=1)
    end = parse_date(request.args.get("to"), "Đến ngày") or today
    register = registration.get_register(register_id)
    build = registers.incoming_rows if kind == "incoming" else registers.follow_up_rows
    rows = build(current_actor(), register, start, end)
    return {"register_id": register.id, "kind": kind, "from": start.isoformat(), "to": end.isoformat(),
            "items": json_ready(rows)}


def delivery_json(d: Any) -> dict[str, Any]:
    return {
        "id": d.id, "status": d.status, "recipient_unit_id": d.recipient_unit_id, "sender_unit_id": d.sender_unit_id,
        "sender_name": d.sender_name, "received_at": d.received_at.isoformat(), "metadata": d.metadata_,
        "files": [{k: f[k] for k in ("filename", "size", "sha256", "content_type")} for f in d.files],
        "document_id": d.document_id, "refused_reason": d.refused_reason,
    }


@endpoint("/incoming/deliveries", "POST", "incoming.deliver",
          "Gửi văn bản điện tử tới đơn vị khác (multipart: main = PDF, attachments, metadata = JSON "
          "{recipient_unit_id, subject, doc_type, code_number, code_notation, issued_date, signer_name, signer_position, urgency})")
def deliver() -> Any:
    import json


    main = request.files.get("main")
    if main is None or not main.filename:
        raise UploadRejected("missing_file", "Thiếu tệp văn bản (trường 'main' trong multipart/form-data).")
    try:
        meta = json.loads(request.form.get("metadata") or "{}")
    except ValueError as exc:
        raise ServiceError("invalid_json", "Trường 'metadata' phải là một đối tượng JSON.") from exc
    if not isinstance(meta, dict):
        raise ServiceError("invalid_json", "Trường 'metadata' phải là một đối tượng JSON.")
    data = deliveries.DeliveryInput(
        recipient_unit_id=int(meta.get("recipient_unit_id") or 0), subject=str(meta.get("subject") or ""),
        doc_type=str(meta.get("doc_type") or ""), code_number=str(meta.get("code_number") or ""),
        code_notation=str(meta.get("code_notation") or ""), issued_date=parse_date(meta.get("issued_date"), "Ngày văn bản"),
        signer_name=str(meta.get("signer_name") or ""), signer_position=str(meta.get("signer_position") or ""),
        urgency=int(meta.get("urgency") or 0), secrecy=int(meta.get("secrecy") or 0),
        attachments=[(f.stream, f.filename) for f in request.files.getlist("attachments") if f.filename],
    )
    return delivery_json(deliveries.deliver(current_actor(), data, (main.stream, main.filename))), 201


@endpoint("/incoming/deliveries", "GET", "incoming.register", "Văn bản điện tử chờ văn thư của người gọi tiếp nhận")
def list_deliveries() -> Any:

    return {"items": [delivery_json(d) for d in deliveries.pending_for(current_user)]}


@endpoint("/incoming/deliveries/<int:delivery_id>/accept", "POST", "incoming.register",
          "Nhận văn bản để vào sổ: trả về mã tệp (main_token, attachment_tokens) và thông tin điền sẵn cho POST /incoming")
def accept_delivery(delivery_id: int) -> Any:

    delivery = deliveries.get_delivery(delivery_id)
    staged = deliveries.accept(current_actor(), delivery)
    return {"main_token": staged[0].token, "attachment_tokens": [s.token for s in staged[1:]],
            "prefill": deliveries.prefill(delivery)}


@endpoint("/incoming/deliveries/<int:delivery_id>/refuse", "POST", "incoming.register", "Trả lại văn bản gửi nhầm (bắt buộc lý do)",
          body={"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}})
def refuse_delivery(delivery_id: int) -> Any:

    delivery = deliveries.get_delivery(delivery_id)
    deliveries.refuse(current_actor(), delivery, str(json_body().get("reason") or ""))
    return delivery_json(delivery)
