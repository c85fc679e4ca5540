"""JSON API of the exchange with other agencies (/api/v1/exchange/…): what the inbox page and
`eoffice exchange` do, for a connector or another system."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Page, paged
from eoffice.auth.permissions import roles_rule
from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.documents.schemas import DeliveryOut
from eoffice.errors import ServiceError
from eoffice.exchange import edxml, inbound
from eoffice.exchange.models import ExchangeMessage
from eoffice.exchange.schemas import ExchangeMessageOut, ExchangeQuery, PackageUpload
from eoffice.web.guard import current_actor

roles_rule("exchange.view", Role.CLERK, Role.ADMIN)


@api_bp.post("/exchange/packages")
@permission("incoming.register")
@api_bp.input(PackageUpload, location="form_and_files", arg_name="upload")
@api_bp.output(DeliveryOut, status_code=201)
def receive_package(upload: PackageUpload) -> Any:
    """Tiếp nhận một gói tin edXML văn bản từ cơ quan khác

    multipart/form-data: package = tệp gói tin; unit_id (tùy chọn) = đơn vị nhận. Văn bản vào
    hộp văn bản điện tử chờ vào sổ của đơn vị; gói tin lỗi trả 400 kèm lý do, không lưu gì.
    """
    if upload.package is None or not upload.package.filename:
        raise ServiceError("missing_file", "Thiếu tệp gói tin (trường 'package' trong multipart/form-data).")
    data = upload.package.stream.read(edxml.MAX_PACKAGE_BYTES + 1)
    return inbound.receive(current_actor(), data, upload.unit_id)


@api_bp.get("/exchange/messages")
@permission("exchange.view")
@api_bp.input(ExchangeQuery, location="query", arg_name="query")
@api_bp.output(Page[ExchangeMessageOut])
def list_messages(query: ExchangeQuery) -> Any:
    """Gói tin gửi đi và nhận về, mới nhất trước (lọc theo chiều và trạng thái)"""
    statement = select(ExchangeMessage).order_by(ExchangeMessage.id.desc())
    if query.direction:
        statement = statement.where(ExchangeMessage.direction == query.direction)
    if query.status:
        statement = statement.where(ExchangeMessage.status == query.status)
    return paged(db.paginate(statement, page=query.page, per_page=query.per_page, error_out=False))
