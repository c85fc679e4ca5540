"""Who may read and act on dossiers (registered with eoffice.auth.permissions).

A dossier is read by the one-stop desk that received it, the leaders of its receiving agency
and every unit a step of its procedure was handed to. A step is acted on by a person of the
step's unit who holds the step's role (the specialist processes, the leader signs, the desk
returns the result).
"""
from __future__ import annotations

from typing import Any, Optional

from eoffice.auth.permissions import roles_rule, rule
from eoffice.auth.principals import principals_of
from eoffice.auth.roles import Role
from eoffice.onestop.models import Dossier
from eoffice.work.models import Assignment

STEP_ROLE = "step"


def readers_of(dossier: Dossier) -> list[str]:
    readers = {f"head:{dossier.agency_unit_id}"}
    if dossier.owner_unit_id:
        readers.add(f"unit:{dossier.owner_unit_id}")
    for assignment in dossier.assignments:
        if assignment.unit_id:
            readers.add(f"unit:{assignment.unit_id}")
        if assignment.user_id:
            readers.add(f"user:{assignment.user_id}")
    return sorted(readers)


def may_read(user: Any, dossier: Dossier) -> bool:
    return bool(set(principals_of(user)) & set(readers_of(dossier)))


def open_step(dossier: Dossier) -> Optional[Assignment]:
    for assignment in dossier.assignments:
        if assignment.role == STEP_ROLE and assignment.is_open:
            return assignment
    return None


def may_act_on_step(user: Any, dossier: Dossier) -> bool:
    step = open_step(dossier)
    if step is None or step.unit_id is None:
        return False
    role = dossier.procedure.steps[dossier.step].get("role") if dossier.step < len(dossier.procedure.steps) else None
    in_unit = f"unit:{step.unit_id}" in principals_of(user) or step.unit_id in (user.role_units(Role(role)) if role else [])
    return in_unit and (role is None or user.has_role(Role(role)))


roles_rule("onestop.work", Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_HEAD, Role.CHAIR, Role.OFFICE_CHIEF)
roles_rule("onestop.receive", Role.DESK_OFFICER)
roles_rule("onestop.catalogue.manage", Role.ADMIN)
# The period's figures are counts, not dossiers: leaders and the desk see every agency's.
roles_rule("onestop.stats", Role.DESK_OFFICER, Role.UNIT_HEAD, Role.CHAIR, Role.OFFICE_CHIEF, Role.ADMIN)


@rule("dossier.view")
def _view(user: Any, dossier: Any) -> bool:
    return dossier is None or may_read(user, dossier)


@rule("onestop.step")
def _step(user: Any, dossier: Any) -> bool:
    return dossier is None or may_act_on_step(user, dossier)


@rule("onestop.desk")
def _desk(user: Any, dossier: Any) -> bool:
    """Desk actions (accept, supplement, refusal, apology, return): the receiving desk's officers."""
    if not user.has_role(Role.DESK_OFFICER):
        return False
    return dossier is None or f"unit:{dossier.owner_unit_id}" in principals_of(user)
