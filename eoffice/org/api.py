"""JSON API for units."""
from __future__ import annotations

from typing import Any

from eoffice.api import endpoint, json_body
from eoffice.org import service
from eoffice.org.models import Unit
from eoffice.web.guard import current_actor

UNIT_BODY = {
    "type": "object",
    "required": ["name", "short_name", "kind"],
    "properties": {
        "name": {"type": "string"}, "short_name": {"type": "string"}, "kind": {"type": "string"},
        "parent_id": {"type": ["integer", "null"]}, "org_code": {"type": ["string", "null"]},
        "notation_abbr": {"type": ["string", "null"]},
    },
}


def unit_json(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.id, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
        "parent_id": unit.parent_id, "org_code": unit.org_code, "is_active": unit.is_active,
        "notation_abbr": unit.notation_abbr, "notation_code": unit.notation_code,
    }


@endpoint("/units", "GET", "org.directory.view", "Danh sách đơn vị (cây, theo thứ tự duyệt sâu)")
def list_units() -> Any:
    return {"items": [dict(unit_json(unit), depth=depth) for depth, unit in service.tree()]}


@endpoint("/units/<int:unit_id>", "GET", "org.directory.view", "Một đơn vị")
def get_unit(unit_id: int) -> Any:
    return unit_json(service.get_unit(unit_id))


@endpoint("/units", "POST", "admin.units.manage", "Tạo đơn vị", body=UNIT_BODY)
def create_unit() -> Any:
    data = json_body()
    unit = service.create_unit(
        current_actor(), name=str(data.get("name", "")), short_name=str(data.get("short_name", "")),
        kind=str(data.get("kind", "")), parent_id=data.get("parent_id"), org_code=data.get("org_code"),
        notation_abbr=data.get("notation_abbr"),
    )
    return unit_json(unit), 201


@endpoint("/units/<int:unit_id>", "PUT", "admin.units.manage", "Sửa hoặc chuyển đơn vị", body=UNIT_BODY)
def update_unit(unit_id: int) -> Any:
    from eoffice.db import db

    unit = service.get_unit(unit_id)
    data = json_body()
    try:
        service.update_unit(
            current_actor(), unit, name=str(data.get("name", unit.name)), short_name=str(data.get("short_name", unit.short_name)),
            kind=str(data.get("kind", unit.kind)), parent_id=data.get("parent_id", unit.parent_id),
            org_code=data.get("org_code", unit.org_code), notation_abbr=data.get("notation_abbr", unit.notation_abbr),
        )
    except Exception:
        db.session.rollback()
        raise
    return unit_json(unit)


@endpoint("/units/<int:unit_id>/deactivate", "POST", "admin.units.manage", "Ngừng hoạt động đơn vị")
def deactivate_unit(unit_id: int) -> Any:
    return unit_json(service.set_unit_active(current_actor(), service.get_unit(unit_id), False))
