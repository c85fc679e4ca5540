"""JSON API for the steps around steering: presenting, referring to another leader, correcting
a document's details, closing with the coordinating parts ended, and administering registers."""
from __future__ import annotations

from typing import Any

from flask_login import current_user

from eoffice.api import endpoint, json_body
from eoffice.documents import corrections, processing, register_admin, submission
from eoffice.documents.api import _document, document_json
from eoffice.documents.views import parse_date, parse_int
from eoffice.web.guard import current_actor

_LEADER_BODY = {"type": "object", "required": ["leader_id"],
                "properties": {"leader_id": {"type": "integer"}, "note": {"type": "string"}}}


@endpoint("/incoming/<int:doc_id>/submit", "POST", "incoming.submit", "Trình lãnh đạo một văn bản chưa trình", body=_LEADER_BODY)
def submit(doc_id: int) -> Any:
    data = json_body()
    submission.submit(current_actor(), _document(doc_id), parse_int(str(data.get("leader_id") or ""), "Lãnh đạo"),
                      str(data.get("note") or ""))
    return document_json(_document(doc_id), full=True)


@endpoint("/incoming/<int:doc_id>/refer", "POST", "incoming.refer", "Chuyển lãnh đạo khác cho ý kiến chỉ đạo", body=_LEADER_BODY)
def refer(doc_id: int) -> Any:
    data = json_body()
    doc = _document(doc_id)
    submission.refer_to_leader(current_actor(), doc, parse_int(str(data.get("leader_id") or ""), "Lãnh đạo"), str(data.get("note") or ""))
    return {"id": doc.id, "submitted_to_id": doc.submitted_to_id, "status": doc.status}


_CORRECTION_FIELDS = ("issuer_name", "issuer_code", "doc_type", "subject", "code_number", "code_notation", "issued_date",
                      "signer_name", "signer_position", "notes", "channel")


@endpoint("/incoming/<int:doc_id>/details", "PUT", "incoming.correct",
          "Văn thư sửa thông tin văn bản đã vào sổ (trường không gửi giữ nguyên); trả về các thay đổi", body={
              "type": "object", "properties": {k: {"type": "string"} for k in _CORRECTION_FIELDS} | {
                  "urgency": {"type": "integer"}, "secrecy": {"type": "integer"}, "page_count": {"type": "integer"}}})
def correct(doc_id: int) -> Any:
    data = json_body()
    doc = _document(doc_id)
    values = vars(corrections.current_values(doc))
    for name in _CORRECTION_FIELDS:
        if name in data:
            values[name] = parse_date(data[name], "Ngày văn bản") if name == "issued_date" else str(data[name] or "")
    for name, label in (("urgency", "Độ khẩn"), ("secrecy", "Độ mật"), ("page_count", "Số trang")):
        if name in data:
            values[name] = parse_int(None if data[name] is None else str(data[name]), label)
            if name != "page_count":
                values[name] = values[name] or 0
    changed = corrections.correct_document(current_actor(), doc, corrections.CorrectionInput(**values))
    return {"document": document_json(doc, full=True), "changes": {k: list(v) for k, v in changed.items()}}


@endpoint("/incoming/<int:doc_id>/close-all", "POST", "incoming.close",
          "Đơn vị chủ trì kết thúc xử lý và kết thúc luôn phần phối hợp (ghi 'Đóng theo đơn vị chủ trì')",
          body={"type": "object", "required": ["result"], "properties": {"result": {"type": "string"}}})
def close_all(doc_id: int) -> Any:
    processing.close_document(current_actor(), _document(doc_id), str(json_body().get("result") or ""), end_coordination=True)
    return document_json(_document(doc_id), full=True)


def _register_json(register: Any, count: int = 0) -> dict[str, Any]:
    return {"id": register.id, "unit_id": register.unit_id, "name": register.name, "is_confidential": register.is_confidential,
            "is_active": register.is_active, "documents": count}


@endpoint("/incoming/registers/managed", "GET", register_admin.MANAGE, "Các sổ văn bản đến người gọi được quản lý")
def managed_registers() -> Any:
    return {"items": [_register_json(r, n) for r, n in register_admin.managed_registers(current_user)]}


@endpoint("/incoming/registers/managed", "POST", register_admin.MANAGE, "Mở sổ văn bản đến mới", body={
    "type": "object", "required": ["unit_id", "name"],
    "properties": {"unit_id": {"type": "integer"}, "name": {"type": "string"}, "confidential": {"type": "boolean"}}})
def create_register() -> Any:
    data = json_body()
    register = register_admin.create(current_actor(), parse_int(str(data.get("unit_id") or ""), "Đơn vị") or 0,
                                     str(data.get("name") or ""), bool(data.get("confidential")))
    return _register_json(register), 201


@endpoint("/incoming/registers/managed/<int:register_id>", "PUT", register_admin.MANAGE, "Đổi tên, ngừng hoặc mở lại một sổ", body={
    "type": "object", "properties": {"name": {"type": "string"}, "is_active": {"type": "boolean"}}})
def update_register(register_id: int) -> Any:
    data = json_body()
    register = register_admin.get_register(register_id)
    if "name" in data and str(data["name"] or "") != register.name:
        register_admin.rename(current_actor(), register, str(data["name"] or ""))
    if "is_active" in data and bool(data["is_active"]) != register.is_active:
        register_admin.set_active(current_actor(), register, bool(data["is_active"]))
    return _register_json(register)
