"""How the audit log names the actions on the organisation tree (see eoffice/audit/labels.py)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from eoffice.audit.labels import int_ids, register_actions, register_keys, register_object
from eoffice.db import db


def _units(ids: list[str]) -> dict[str, str]:
    from eoffice.org.models import Unit

    rows = db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(int_ids(ids))))
    return {str(r.id): f"Đơn vị {r.name}" for r in rows}


def _unit_name(value: Any) -> str:
    return _units([str(value)]).get(str(value), f"đơn vị mã {value}").removeprefix("Đơn vị ")


def _kind(value: Any) -> str:
    from eoffice.org.models import UNIT_KINDS

    return UNIT_KINDS.get(value, str(value))


register_actions({
    "unit.create": "Tạo đơn vị",
    "unit.update": "Sửa thông tin đơn vị",
    "unit.activate": "Kích hoạt lại đơn vị",
    "unit.deactivate": "Ngừng hoạt động đơn vị",
})
register_keys(
    {"short_name": "Tên viết tắt", "kind": "Loại", "parent_id": "Đơn vị cấp trên", "org_code": "Mã định danh",
     "notation_abbr": "Chữ viết tắt trong ký hiệu", "is_active": "Đang hoạt động"},
    {"unit_id": _unit_name, "parent_id": _unit_name, "kind": _kind},
)
register_object("unit", "Đơn vị", _units)
