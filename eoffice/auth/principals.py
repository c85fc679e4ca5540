"""Principals: the strings that say who a user is for visibility checks.

The same strings are stored with every search index entry (its `readers`) and computed for
every user here, so the permission check in Python and the filter inside a search query can
never disagree.
"""
from __future__ import annotations

from typing import Any

from eoffice.auth.roles import Role


def _units_with_role(user: Any, role: Role) -> set[int]:
    """Units where the user holds `role`: a grant scoped to a unit, or a general grant in each
    unit the user belongs to."""
    units: set[int] = set()
    for grant in user.role_grants:
        if grant.role != role.value:
            continue
        if grant.unit_id is not None:
            units.add(grant.unit_id)
        else:
            units.update(m.unit_id for m in user.memberships)
    return units


def head_units(user: Any) -> set[int]:
    return _units_with_role(user, Role.UNIT_HEAD)


def clerk_units(user: Any) -> set[int]:
    return _units_with_role(user, Role.CLERK)


def principals_of(user: Any) -> list[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    principals = {"all", f"user:{user.id}"}
    principals.update(f"unit:{m.unit_id}" for m in user.memberships)
    principals.update(f"role:{role.value}" for role in user.roles)
    principals.update(f"head:{unit_id}" for unit_id in head_units(user))
    principals.update(f"clerk:{unit_id}" for unit_id in clerk_units(user))
    return sorted(principals)


def unit_heads(unit_id: int) -> list[Any]:
    """Enabled heads of a unit: members holding the unit-head role (general or scoped to it)."""
    from sqlalchemy import select

    from eoffice.auth.models import Membership, User
    from eoffice.db import db

    members = db.session.scalars(
        select(User).join(Membership).where(Membership.unit_id == unit_id, User.is_enabled.is_(True))
    ).all()
    scoped = db.session.scalars(select(User).where(User.is_enabled.is_(True), User.role_grants.any(unit_id=unit_id))).all()
    return [u for u in dict.fromkeys([*members, *scoped]) if unit_id in head_units(u)]
