"""Rules for the organisation tree: unique short names among siblings, valid codes, no cycles."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.permissions import authorize
from eoffice.db import db, get_or_not_found
from eoffice.errors import Conflict, NotFound, ServiceError
from eoffice.org.codes import InvalidOrganisationCode, normalize_org_code
from eoffice.org.models import Unit
from eoffice.text import nfc

SHORT_NAME_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ0123456789")


def get_unit(unit_id: int) -> Unit:
    return get_or_not_found(Unit, unit_id, "đơn vị")


def list_units(include_inactive: bool = True) -> list[Unit]:
    query = select(Unit).order_by(Unit.name)
    if not include_inactive:
        query = query.where(Unit.is_active.is_(True))
    return list(db.session.scalars(query))


def tree() -> list[tuple[int, Unit]]:
    """All units depth-first with their depth, for indented lists and pickers."""
    units = list_units()
    by_parent: dict[Optional[int], list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[int, Unit]] = []

    def walk(parent_id: Optional[int], depth: int) -> None:
        for child in by_parent.get(parent_id, []):
            ordered.append((depth, child))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered


def _validate(name: str, short_name: str, kind: str, org_code: Optional[str]) -> tuple[str, str, str, Optional[str]]:
    name, short_name, kind = nfc(name), nfc(short_name).upper(), nfc(kind)
    if not name:
        raise ServiceError("missing_name", "Hãy nhập tên đơn vị, ví dụ: Sở Tư pháp.")
    if not short_name or len(short_name) > 30 or not set(short_name) <= SHORT_NAME_CHARS:
        raise ServiceError(
            "invalid_short_name",
            "Tên viết tắt dùng trong ký hiệu văn bản chỉ gồm chữ in hoa và số, không dấu cách (ví dụ: UBND, VP, STP).",
        )
    if not kind:
        raise ServiceError("missing_kind", "Hãy chọn loại đơn vị.")
    code = None
    if org_code and org_code.strip():
        try:
            code = normalize_org_code(org_code)
        except InvalidOrganisationCode as exc:
            raise ServiceError("invalid_org_code", exc.message) from exc
    return name, short_name, kind, code


def _notation_abbr(value: Optional[str]) -> Optional[str]:
    value = nfc(value).upper()
    if not value:
        return None
    if len(value) > 30 or not set(value) <= SHORT_NAME_CHARS:
        raise ServiceError("invalid_notation_abbr", "Chữ viết tắt trong ký hiệu văn bản chỉ gồm chữ in hoa và số (ví dụ: UBND).")
    return value


def _check_unique(parent_id: Optional[int], short_name: str, org_code: Optional[str], exclude_id: Optional[int]) -> None:
    query = select(Unit).where(Unit.short_name == short_name)
    query = query.where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
    clash = db.session.scalar(query)
    if clash is not None and clash.id != exclude_id:
        raise Conflict(
            "duplicate_short_name",
            f"Đã có đơn vị viết tắt '{short_name}' ({clash.name}) trong cùng đơn vị cấp trên. Hãy chọn tên viết tắt khác.",
        )
    if org_code:
        clash = db.session.scalar(select(Unit).where(Unit.org_code == org_code))
        if clash is not None and clash.id != exclude_id:
            raise Conflict("duplicate_org_code", f"Mã định danh {org_code} đã được dùng cho '{clash.name}'.")


def create_unit(
    actor: Actor,
    *,
    name: str,
    short_name: str,
    kind: str,
    parent_id: Optional[int] = None,
    org_code: Optional[str] = None,
    notation_abbr: Optional[str] = None,
) -> Unit:
    authorize(actor, "admin.units.manage")
    name, short_name, kind, code = _validate(name, short_name, kind, org_code)
    if parent_id is not None:
        get_unit(parent_id)
    _check_unique(parent_id, short_name, code, None)
    unit = Unit(name=name, short_name=short_name, kind=kind, parent_id=parent_id, org_code=code,
                notation_abbr=_notation_abbr(notation_abbr))
    db.session.add(unit)
    db.session.flush()
    audit.record(actor, "unit.create", "unit", unit.id,
                 {"after": {"name": name, "short_name": short_name, "kind": kind, "parent_id": parent_id, "org_code": code}})
    db.session.commit()
    return unit


def update_unit(
    actor: Actor,
    unit: Unit,
    *,
    name: str,
    short_name: str,
    kind: str,
    parent_id: Optional[int],
    org_code: Optional[str],
    notation_abbr: Optional[str] = None,
) -> Unit:
    authorize(actor, "admin.units.manage")
    name, short_name, kind, code = _validate(name, short_name, kind, org_code)
    if parent_id is not None:
        new_parent = get_unit(parent_id)
        if new_parent.id == unit.id or unit in new_parent.ancestors():
            raise ServiceError(
                "cycle",
                f"Không thể chuyển '{unit.name}' vào dưới chính nó hoặc một đơn vị cấp dưới của nó ('{new_parent.name}').",
            )
    _check_unique(parent_id, short_name, code, unit.id)
    before = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "parent_id": unit.parent_id, "org_code": unit.org_code}
    unit.name, unit.short_name, unit.kind, unit.parent_id, unit.org_code = name, short_name, kind, parent_id, code
    unit.notation_abbr = _notation_abbr(notation_abbr)
    audit.record(actor, "unit.update", "unit", unit.id,
                 {"before": before, "after": {"name": name, "short_name": short_name, "kind": kind, "parent_id": parent_id, "org_code": code}})
    db.session.commit()
    return unit


def set_unit_active(actor: Actor, unit: Unit, active: bool) -> Unit:
    """Units are never deleted: their documents and history keep pointing at them."""
    authorize(actor, "admin.units.manage")
    if unit.is_active == active:
        return unit
    if not active and any(child.is_active for child in unit.children):
        raise ServiceError("has_active_children", "Hãy ngừng hoạt động các đơn vị cấp dưới trước.")
    unit.is_active = active
    audit.record(actor, "unit.activate" if active else "unit.deactivate", "unit", unit.id, {"name": unit.name})
    db.session.commit()
    return unit


def unit_by_code_or_short(value: str) -> Unit:
    """Find a unit by organisation code, short name or id (CLI convenience)."""
    value = nfc(value)
    unit = db.session.scalar(select(Unit).where(Unit.org_code == value.upper()))
    if unit is None:
        unit = db.session.scalar(select(Unit).where(Unit.short_name == value.upper()).limit(1))
    if unit is None and value.isdigit():
        unit = db.session.get(Unit, int(value))
    if unit is None:
        raise NotFound(f"đơn vị '{value}'")
    return unit
