"""Who may read and act on tasks (registered with eoffice.auth.permissions).

A task is read by its assigner, the lead person, the heads and members of the lead unit, the
coordinating units, the assigners of the tasks above it, and — when not confidential — the
chairpersons and the office chief, who follow every task on their dashboard.

Leaders assign: the chairpersons and the office chief to any unit, a unit head within the
units they head (and the units below them).
"""
from __future__ import annotations

from typing import Any

from eoffice.auth.permissions import roles_rule, rule
from eoffice.auth.principals import head_units, principals_of
from eoffice.auth.roles import Role
from eoffice.org.models import Unit
from eoffice.tasks.models import Task

ASSIGNING_ROLES = (Role.CHAIR, Role.OFFICE_CHIEF, Role.UNIT_HEAD)
OVERSEEING_ROLES = (Role.CHAIR, Role.OFFICE_CHIEF)


def readers_of(task: Task) -> list[str]:
    readers = {f"user:{task.assigner_id}", f"head:{task.lead_unit_id}"}
    if task.lead_user_id:
        readers.add(f"user:{task.lead_user_id}")
    for assignment in task.assignments:
        if assignment.unit_id:
            readers.add(f"head:{assignment.unit_id}")
            if not task.is_confidential:
                readers.add(f"unit:{assignment.unit_id}")
        if assignment.user_id:
            readers.add(f"user:{assignment.user_id}")
    parent = task.parent
    while parent is not None:
        readers.add(f"user:{parent.assigner_id}")
        parent = parent.parent
    if not task.is_confidential:
        readers.add(f"unit:{task.lead_unit_id}")
        readers.update(f"role:{role.value}" for role in OVERSEEING_ROLES)
    return sorted(readers)


def may_read(user: Any, task: Task) -> bool:
    return bool(set(principals_of(user)) & set(readers_of(task)))


def _within(unit: Unit, roots: set[int]) -> bool:
    node: Any = unit
    while node is not None:
        if node.id in roots:
            return True
        node = node.parent
    return False


def may_assign_to(user: Any, unit: Unit) -> bool:
    """The chairpersons and the office chief assign to any unit; a unit head to the units
    they head and those below them."""
    if user.has_role(*OVERSEEING_ROLES):
        return True
    return user.has_role(Role.UNIT_HEAD) and _within(unit, head_units(user))


def is_lead(user: Any, task: Task) -> bool:
    """The lead person, or — while no person is named — a head of the lead unit."""
    if task.lead_user_id is not None:
        return task.lead_user_id == user.id or task.lead_unit_id in head_units(user)
    return task.lead_unit_id in head_units(user)


roles_rule("tasks.work", *Role)
roles_rule("tasks.assign", *ASSIGNING_ROLES)
roles_rule("tasks.dashboard", *ASSIGNING_ROLES)
roles_rule("tasks.dashboard.unit", Role.UNIT_HEAD)  # the unit's tasks and people
roles_rule("tasks.dashboard.mine", Role.SPECIALIST, Role.UNIT_HEAD)  # one's own queue
roles_rule("tasks.plans.manage", *OVERSEEING_ROLES)


@rule("task.view")
def _view(user: Any, task: Any) -> bool:
    return task is None or may_read(user, task)


@rule("task.report")
def _report(user: Any, task: Any) -> bool:
    """Accept, report progress, report done, ask for more time, split: the lead."""
    return task is None or is_lead(user, task)


@rule("task.decide")
def _decide(user: Any, task: Any) -> bool:
    """Confirm, send back, cancel, decide on extensions, remind: the assigner (or, for a
    sub-task, whoever assigned the task above it too)."""
    if task is None:
        return user.has_role(*ASSIGNING_ROLES)
    node = task
    while node is not None:
        if node.assigner_id == user.id:
            return True
        node = node.parent
    return False
