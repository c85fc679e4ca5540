"""JSON API for the steps around steering: presenting, referring to another leader, correcting
a document's details, closing with the coordinating parts ended, and administering registers."""
from __future__ import annotations

from typing import Any

from flask_login import current_user

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Items
from eoffice.documents import corrections, processing, register_admin, submission
from eoffice.documents.api import _document
from eoffice.documents.schemas import (
    CorrectionIn, CorrectionOut, DocumentDetailOut, LeaderIn, ManagedRegisterIn, ManagedRegisterOut, ManagedRegisterUpdate,
    ReferralOut, ResultIn,
)
from eoffice.web.guard import current_actor


@api_bp.post("/incoming/<int:doc_id>/submit")
@permission("incoming.submit")
@api_bp.input(LeaderIn, arg_name="data")
@api_bp.output(DocumentDetailOut)
def submit(doc_id: int, data: LeaderIn) -> Any:
    """Trình lãnh đạo một văn bản chưa trình"""
    submission.submit(current_actor(), _document(doc_id), data.leader_id, data.note)
    return _document(doc_id)


@api_bp.post("/incoming/<int:doc_id>/refer")
@permission("incoming.refer")
@api_bp.input(LeaderIn, arg_name="data")
@api_bp.output(ReferralOut)
def refer(doc_id: int, data: LeaderIn) -> Any:
    """Chuyển lãnh đạo khác cho ý kiến chỉ đạo

    Văn bản mật sau đó chỉ lãnh đạo mới được trình đọc được.
    """
    doc = _document(doc_id)
    submission.refer_to_leader(current_actor(), doc, data.leader_id, data.note)
    return {"id": doc.id, "submitted_to_id": doc.submitted_to_id, "status": doc.status}


@api_bp.put("/incoming/<int:doc_id>/details")
@permission("incoming.correct")
@api_bp.input(CorrectionIn, arg_name="data")
@api_bp.output(CorrectionOut)
def correct(doc_id: int, data: CorrectionIn) -> Any:
    """Văn thư sửa thông tin văn bản đã vào sổ

    Trường không gửi giữ nguyên; trả về văn bản và các thay đổi (trước, sau).
    """
    doc = _document(doc_id)
    changed = corrections.correct_document(current_actor(), doc, corrections.with_changes(doc, data.sent()))
    return {"document": doc, "changes": {k: list(v) for k, v in changed.items()}}


@api_bp.post("/incoming/<int:doc_id>/close-all")
@permission("incoming.close")
@api_bp.input(ResultIn, arg_name="data")
@api_bp.output(DocumentDetailOut)
def close_all(doc_id: int, data: ResultIn) -> Any:
    """Kết thúc xử lý và kết thúc luôn phần phối hợp

    Phần phối hợp còn mở được ghi "Đóng theo đơn vị chủ trì" (không tính là đã hoàn thành).
    """
    processing.close_document(current_actor(), _document(doc_id), data.result, end_coordination=True)
    return _document(doc_id)


def _register(register: Any, count: int = 0) -> dict[str, Any]:
    return {"id": register.id, "unit_id": register.unit_id, "name": register.name, "is_confidential": register.is_confidential,
            "is_active": register.is_active, "documents": count}


@api_bp.get("/incoming/registers/managed")
@permission(register_admin.MANAGE)
@api_bp.output(Items[ManagedRegisterOut])
def managed_registers() -> Any:
    """Các sổ văn bản đến người gọi được quản lý"""
    return {"items": [_register(r, n) for r, n in register_admin.managed_registers(current_user)]}


@api_bp.post("/incoming/registers/managed")
@permission(register_admin.MANAGE)
@api_bp.input(ManagedRegisterIn, arg_name="data")
@api_bp.output(ManagedRegisterOut, status_code=201)
def create_register(data: ManagedRegisterIn) -> Any:
    """Mở sổ văn bản đến mới (theo đơn vị, năm hoặc loạt văn bản mật)"""
    return _register(register_admin.create(current_actor(), data.unit_id, data.name, data.confidential))


@api_bp.put("/incoming/registers/managed/<int:register_id>")
@permission(register_admin.MANAGE)
@api_bp.input(ManagedRegisterUpdate, arg_name="data")
@api_bp.output(ManagedRegisterOut)
def update_register(register_id: int, data: ManagedRegisterUpdate) -> Any:
    """Đổi tên, ngừng hoặc mở lại một sổ"""
    register = register_admin.get_register(register_id)
    if data.name is not None and data.name != register.name:
        register_admin.rename(current_actor(), register, data.name)
    if data.is_active is not None and data.is_active != register.is_active:
        register_admin.set_active(current_actor(), register, data.is_active)
    return _register(register)
