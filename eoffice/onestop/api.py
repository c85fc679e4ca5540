"""JSON API for one-stop dossiers under /api/v1/dossiers: the same services and pydantic
models as the pages (422 with a Vietnamese message per field)."""
from __future__ import annotations

from typing import Any, Literal

from flask_login import current_user
from pydantic import Field

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Page, PageQuery, SearchWords, paged
from eoffice.onestop import intake, processing, queries
from eoffice.onestop.schemas import (
    ApologyIn, DossierIn, DossierOut, ReasonIn, StepDoneIn, SupplementIn,
)
from eoffice.web.guard import current_actor


class ListQuery(PageQuery):
    tab: Literal[tuple(queries.TABS)] = Field("tat_ca", title="Danh sách")  # type: ignore[valid-type]
    q: SearchWords = Field("", title="Từ khóa")


def _dossier(dossier_id: int):  # type: ignore[no-untyped-def]
    return processing.read_dossier(current_actor(), dossier_id)


@api_bp.get("/dossiers")
@permission("onestop.work")
@api_bp.input(ListQuery, location="query", arg_name="query")
@api_bp.output(Page[DossierOut])
def list_dossiers(query: ListQuery) -> Any:
    """Hồ sơ một cửa người gọi được xem: chờ tôi xử lý, đang giải quyết, tất cả

    q: mã hồ sơ, tên thủ tục hoặc người nộp (gõ không dấu được); page, per_page: phân trang.
    """
    return paged(queries.listing(current_user, query.tab, query.q, query.page, query.per_page))


@api_bp.post("/dossiers")
@permission("onestop.receive")
@api_bp.input(DossierIn, arg_name="data")
@api_bp.output(DossierOut, status_code=201)
def create_dossier(data: DossierIn) -> Any:
    """Tiếp nhận hồ sơ giấy tại quầy hoặc qua bưu chính (thành phần đã nộp: chỉ số trong danh mục)"""
    return intake.receive(current_actor(), data)


@api_bp.get("/dossiers/<int:dossier_id>")
@permission("onestop.work")
@api_bp.output(DossierOut)
def get_dossier(dossier_id: int) -> Any:
    """Một hồ sơ"""
    return _dossier(dossier_id)


@api_bp.post("/dossiers/<int:dossier_id>/step")
@permission("onestop.work")
@api_bp.input(StepDoneIn, arg_name="data")
@api_bp.output(DossierOut)
def dossier_step(dossier_id: int, data: StepDoneIn) -> Any:
    """Hoàn thành bước đang xử lý và chuyển bước tiếp theo"""
    return processing.complete_step(current_actor(), _dossier(dossier_id), data)


@api_bp.post("/dossiers/<int:dossier_id>/supplement-request")
@permission("onestop.work")
@api_bp.input(SupplementIn, arg_name="data")
@api_bp.output(DossierOut)
def dossier_supplement_request(dossier_id: int, data: SupplementIn) -> Any:
    """Yêu cầu bổ sung hồ sơ (liệt kê đủ một lần mọi thành phần còn thiếu)"""
    return processing.request_supplement(current_actor(), _dossier(dossier_id), data)


@api_bp.post("/dossiers/<int:dossier_id>/apology")
@permission("onestop.work")
@api_bp.input(ApologyIn, arg_name="data")
@api_bp.output(DossierOut)
def dossier_apology(dossier_id: int, data: ApologyIn) -> Any:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (một lần)"""
    return processing.apologise(current_actor(), _dossier(dossier_id), data)


@api_bp.post("/dossiers/<int:dossier_id>/refusal")
@permission("onestop.work")
@api_bp.input(ReasonIn, arg_name="data")
@api_bp.output(DossierOut)
def dossier_refusal(dossier_id: int, data: ReasonIn) -> Any:
    """Từ chối hồ sơ, có lý do"""
    return processing.refuse(current_actor(), _dossier(dossier_id), data)


@api_bp.post("/dossiers/<int:dossier_id>/return")
@permission("onestop.work")
@api_bp.input(StepDoneIn, arg_name="data")
@api_bp.output(DossierOut)
def dossier_return(dossier_id: int, data: StepDoneIn) -> Any:
    """Trả kết quả cho công dân"""
    return processing.return_result(current_actor(), _dossier(dossier_id), data)
