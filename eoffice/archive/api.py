"""JSON API for the archive under /api/v1/archive: the dossiers the caller may read, one with
its documents, opening, filing a system document, closing, transfer, and the disposal lists
(due dossiers, propose, approve or refuse with a reason, execute) — through the same
services and pydantic models as the pages (422 with one Vietnamese message per field)."""
from __future__ import annotations

from typing import Any

from flask_login import current_user

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Items
from eoffice.db import db
from eoffice.archive import disposal, dossiers, queries
from eoffice.archive.schemas import (
    ApproveDisposalIn, DisposalDetailOut, DisposalOut, DossierDetailOut, DossierListQuery, DossierOut, FileItemIn,
    FiledDocumentOut, OpenDossierIn, ProposeDisposalIn, RefuseDisposalIn,
)
from eoffice.web.guard import current_actor


@api_bp.get("/archive/dossiers")
@permission("archive.work")
@api_bp.input(DossierListQuery, location="query", arg_name="query")
@api_bp.output(Items[DossierOut])
def archive_dossiers(query: DossierListQuery) -> Any:
    """Hồ sơ công việc người gọi được xem, lọc theo tình trạng và năm"""
    return {"items": list(db.session.scalars(queries.dossiers_query(current_user, query.status, query.year)))}


@api_bp.post("/archive/dossiers")
@permission("archive.work")
@api_bp.input(OpenDossierIn, arg_name="data")
@api_bp.output(DossierDetailOut, status_code=201)
def archive_open(data: OpenDossierIn) -> Any:
    """Mở hồ sơ từ một dòng của danh mục hồ sơ đã phê duyệt"""
    return dossiers.open_dossier(current_actor(), data)


@api_bp.get("/archive/dossiers/<int:dossier_id>")
@permission("archive.work")
@api_bp.output(DossierDetailOut)
def archive_dossier(dossier_id: int) -> Any:
    """Một hồ sơ với các văn bản trong hồ sơ (thông tin theo Thông tư 02/2019/TT-BNV)"""
    return dossiers.get_dossier(current_actor(), dossier_id)


@api_bp.post("/archive/dossiers/<int:dossier_id>/items")
@permission("archive.work")
@api_bp.input(FileItemIn, arg_name="data")
@api_bp.output(FiledDocumentOut, status_code=201)
def archive_file_item(dossier_id: int, data: FileItemIn) -> Any:
    """Đưa một văn bản đến, văn bản đi, nhiệm vụ hoặc hồ sơ một cửa vào hồ sơ"""
    return dossiers.file_item(current_actor(), dossiers.get_dossier(current_actor(), dossier_id), data)


@api_bp.post("/archive/dossiers/<int:dossier_id>/close")
@permission("archive.work")
@api_bp.output(DossierDetailOut)
def archive_close(dossier_id: int) -> Any:
    """Đóng hồ sơ (hạn nộp lưu: một năm kể từ ngày đóng)"""
    return dossiers.close(current_actor(), dossiers.get_dossier(current_actor(), dossier_id))


@api_bp.post("/archive/dossiers/<int:dossier_id>/transfer")
@permission("archive.keep")
@api_bp.output(DossierDetailOut)
def archive_transfer(dossier_id: int) -> Any:
    """Nhận nộp lưu hồ sơ đã đóng vào Lưu trữ cơ quan (lập biên bản giao nhận)"""
    dossier = dossiers.get_dossier(current_actor(), dossier_id)
    dossiers.transfer(current_actor(), dossier)
    return dossier


@api_bp.get("/archive/disposals")
@permission("archive.disposal.view")
@api_bp.output(Items[DisposalOut])
def archive_disposals() -> Any:
    """Các danh sách tài liệu hết giá trị đề nghị hủy, mới nhất trước"""
    return {"items": disposal.disposals()}


@api_bp.get("/archive/disposals/due")
@permission("archive.disposal.view")
@api_bp.output(Items[DossierOut])
def archive_due_for_disposal() -> Any:
    """Hồ sơ đã hết thời hạn bảo quản, chưa có trong danh sách hủy nào đang chờ"""
    return {"items": disposal.due_for_disposal()}


@api_bp.post("/archive/disposals")
@permission("archive.keep")
@api_bp.input(ProposeDisposalIn, arg_name="data")
@api_bp.output(DisposalDetailOut, status_code=201)
def archive_propose_disposal(data: ProposeDisposalIn) -> Any:
    """Lập danh sách tài liệu hết giá trị đề nghị hủy, trình Chủ tịch phê duyệt
    Hồ sơ bảo quản vĩnh viễn, đang mở, còn thời hạn bảo quản hoặc đã có trong danh sách đang chờ bị từ chối (400)."""
    return disposal.propose(current_actor(), data.dossier_ids, data.title)


@api_bp.get("/archive/disposals/<int:disposal_id>")
@permission("archive.disposal.view")
@api_bp.output(DisposalDetailOut)
def archive_disposal(disposal_id: int) -> Any:
    """Một danh sách hủy với các hồ sơ trong danh sách"""
    return disposal.get_disposal(disposal_id)


@api_bp.post("/archive/disposals/<int:disposal_id>/approve")
@permission("archive.disposal.approve")
@api_bp.input(ApproveDisposalIn, arg_name="data")
@api_bp.output(DisposalDetailOut)
def archive_approve_disposal(disposal_id: int, data: ApproveDisposalIn) -> Any:
    """Phê duyệt hủy toàn bộ danh sách (người đứng đầu cơ quan)"""
    return disposal.approve(current_actor(), disposal.get_disposal(disposal_id), data.note)


@api_bp.post("/archive/disposals/<int:disposal_id>/refuse")
@permission("archive.disposal.approve")
@api_bp.input(RefuseDisposalIn, arg_name="data")
@api_bp.output(DisposalDetailOut)
def archive_refuse_disposal(disposal_id: int, data: RefuseDisposalIn) -> Any:
    """Không phê duyệt danh sách (bắt buộc lý do); các hồ sơ tiếp tục được bảo quản"""
    return disposal.refuse(current_actor(), disposal.get_disposal(disposal_id), data.reason)


@api_bp.post("/archive/disposals/<int:disposal_id>/execute")
@permission("archive.keep")
@api_bp.output(DisposalDetailOut)
def archive_execute_disposal(disposal_id: int) -> Any:
    """Hủy tài liệu của danh sách đã được phê duyệt và lập biên bản hủy (record_id)"""
    return disposal.execute(current_actor(), disposal.get_disposal(disposal_id))
