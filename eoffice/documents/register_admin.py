"""Administering the incoming registers (sổ văn bản đến) as data: list, create, rename,
deactivate and reactivate, per unit, with the confidential-series flag.

An office opens a new register for a new year or a new series (e.g. a confidential one) and
retires the old one; the numbers already given stay with the old register and its documents.
A register is never deleted. Who may: the system administrator for every unit, and a unit's
clerks for their own units' registers — keeping the registers is the clerk's job under Decree
30/2020. Every change is an audit entry.
"""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import func, select

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.permissions import authorize, rule
from eoffice.auth.principals import clerk_units
from eoffice.auth.roles import Role
from eoffice.db import db, get_or_not_found
from eoffice.documents.models import IncomingDocument, IncomingRegister
from eoffice.documents.registration import get_register as get_register  # the one loader, used by register pages
from eoffice.errors import Conflict, ServiceError
from eoffice.org.models import Unit
from eoffice.text import required_text
from eoffice.work.unit_of_work import operation

MANAGE = "incoming.registers.manage"


@rule(MANAGE)
def _may_manage(user: Any, target: Any) -> bool:
    """`target` is a register or a unit id (creating); None asks "may manage any"."""
    if user.has_role(Role.ADMIN):
        return True
    if not user.has_role(Role.CLERK):
        return False
    if target is None:
        return True
    unit_id = target.unit_id if isinstance(target, IncomingRegister) else target
    return unit_id in clerk_units(user)


def managed_registers(user: Any, unit_id: Optional[int] = None) -> list[tuple[IncomingRegister, int]]:
    """Registers `user` may manage (all for the operator: user None), with their document counts."""
    counts = (select(IncomingDocument.register_id, func.count(IncomingDocument.id).label("n"))
              .group_by(IncomingDocument.register_id).subquery())
    query = (select(IncomingRegister, func.coalesce(counts.c.n, 0))
             .join(Unit, Unit.id == IncomingRegister.unit_id)
             .outerjoin(counts, counts.c.register_id == IncomingRegister.id)
             .order_by(Unit.name, IncomingRegister.is_active.desc(), IncomingRegister.is_confidential, IncomingRegister.name))
    if unit_id is not None:
        query = query.where(IncomingRegister.unit_id == unit_id)
    if user is not None and not user.has_role(Role.ADMIN):
        query = query.where(IncomingRegister.unit_id.in_(clerk_units(user) or {-1}))
    return [(register, int(count)) for register, count in db.session.execute(query)]


def _name(name: str) -> str:
    name = required_text(name, "missing_name", "Hãy đặt tên sổ, ví dụ: Sổ văn bản đến năm 2027.")
    if len(name) > 120:
        raise ServiceError("name_too_long", "Tên sổ dài quá 120 ký tự; hãy rút gọn.")
    return name


def _unique(unit_id: int, name: str, exclude_id: Optional[int] = None) -> None:
    query = select(IncomingRegister.id).where(IncomingRegister.unit_id == unit_id, func.lower(IncomingRegister.name) == name.lower())
    if exclude_id is not None:
        query = query.where(IncomingRegister.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise Conflict("duplicate_register", f"Đơn vị đã có sổ '{name}'. Hãy đặt tên khác (ví dụ thêm năm hoặc ký hiệu loạt sổ).")


@operation
def create(actor: Actor, unit_id: int, name: str, confidential: bool = False) -> IncomingRegister:
    authorize(actor, MANAGE, unit_id, "Chỉ quản trị hoặc văn thư của đơn vị mới mở được sổ của đơn vị đó.")
    unit = get_or_not_found(Unit, unit_id, "đơn vị")
    if not unit.is_active:
        raise ServiceError("unit_inactive", f"Đơn vị '{unit.name}' đã ngừng hoạt động; không mở sổ mới được.")
    name = _name(name)
    _unique(unit_id, name)
    register = IncomingRegister(unit_id=unit_id, name=name, is_confidential=confidential, is_active=True)
    db.session.add(register)
    db.session.flush()
    audit.record(actor, "register.create", "incoming_register", register.id,
                 {"unit_id": unit_id, "name": name, "confidential": confidential})
    return register


@operation
def rename(actor: Actor, register: IncomingRegister, name: str) -> IncomingRegister:
    authorize(actor, MANAGE, register, "Chỉ quản trị hoặc văn thư của đơn vị giữ sổ mới đổi tên sổ được.")
    name = _name(name)
    if name == register.name:
        raise ServiceError("nothing_changed", "Tên mới giống tên hiện tại. Nhập tên khác rồi lưu lại.")
    _unique(register.unit_id, name, register.id)
    before = register.name
    register.name = name
    audit.record(actor, "register.rename", "incoming_register", register.id, {"before": before, "after": name})
    return register


@operation
def set_active(actor: Actor, register: IncomingRegister, active: bool) -> IncomingRegister:
    """Deactivate (no new documents; existing ones and their numbers stay) or reactivate."""
    authorize(actor, MANAGE, register, "Chỉ quản trị hoặc văn thư của đơn vị giữ sổ mới ngừng/mở lại sổ được.")
    if register.is_active == active:
        raise ServiceError("nothing_changed", "Sổ đang " + ("được sử dụng." if active else "ngừng sử dụng."))
    register.is_active = active
    audit.record(actor, "register.enable" if active else "register.disable", "incoming_register", register.id,
                 {"name": register.name})
    return register
