"""JSON API for units."""
from __future__ import annotations

from typing import Any

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Items
from eoffice.db import db
from eoffice.org import service
from eoffice.org.schemas import UnitCreate, UnitInTree, UnitOut, UnitUpdate
from eoffice.web.guard import current_actor


@api_bp.get("/units")
@permission("org.directory.view")
@api_bp.output(Items[UnitInTree])
def list_units() -> Any:
    """Danh sách đơn vị (cây, theo thứ tự duyệt sâu)"""
    return {"items": [dict(UnitOut.model_validate(unit).model_dump(), depth=depth) for depth, unit in service.tree()]}


@api_bp.get("/units/<int:unit_id>")
@permission("org.directory.view")
@api_bp.output(UnitOut)
def get_unit(unit_id: int) -> Any:
    """Một đơn vị"""
    return service.get_unit(unit_id)


@api_bp.post("/units")
@permission("admin.units.manage")
@api_bp.input(UnitCreate, arg_name="data")
@api_bp.output(UnitOut, status_code=201)
def create_unit(data: UnitCreate) -> Any:
    """Tạo đơn vị"""
    return service.create_unit(current_actor(), **data.service_kwargs())


@api_bp.put("/units/<int:unit_id>")
@permission("admin.units.manage")
@api_bp.input(UnitUpdate, arg_name="data")
@api_bp.output(UnitOut)
def update_unit(unit_id: int, data: UnitUpdate) -> Any:
    """Sửa hoặc chuyển đơn vị"""
    unit = service.get_unit(unit_id)
    try:
        service.update_unit(current_actor(), unit, **data.service_kwargs(unit))
    except Exception:
        db.session.rollback()
        raise
    return unit


@api_bp.post("/units/<int:unit_id>/deactivate")
@permission("admin.units.manage")
@api_bp.output(UnitOut)
def deactivate_unit(unit_id: int) -> Any:
    """Ngừng hoạt động đơn vị"""
    return service.set_unit_active(current_actor(), service.get_unit(unit_id), False)
