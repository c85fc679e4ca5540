"""Who may see and do what on incoming documents (registered with eoffice.auth.permissions).

Ordinary documents are readable by the register's clerks, the leaders who route, and every
unit and person they were routed to. Confidential ones (Mật and above) only by the people
named on them — the clerk who registered them, the leader they were presented to, the people
assigned, the heads of the units assigned — and the register's clerks.
"""
from __future__ import annotations

from typing import Any

from eoffice.auth.permissions import roles_rule, rule
from eoffice.auth.principals import clerk_units, head_units, principals_of
from eoffice.auth.roles import Role
from eoffice.documents.models import Assignment, IncomingDocument


def readers_of(doc: IncomingDocument) -> list[str]:
    readers = {f"clerk:{doc.register.unit_id}", f"user:{doc.registered_by_id}"}
    if doc.submitted_to_id:
        readers.add(f"user:{doc.submitted_to_id}")
    for assignment in doc.assignments:
        readers.add(f"user:{assignment.assigned_by_id}")
        if assignment.status in ("recalled",):
            continue
        if assignment.user_id:
            readers.add(f"user:{assignment.user_id}")
        if assignment.unit_id:
            readers.add(f"head:{assignment.unit_id}")
            if not doc.is_confidential:
                readers.add(f"unit:{assignment.unit_id}")
    if not doc.is_confidential:
        readers.update({f"role:{Role.CHAIR.value}", f"role:{Role.OFFICE_CHIEF.value}"})
    return sorted(readers)


def may_read(user: Any, doc: IncomingDocument) -> bool:
    return bool(set(principals_of(user)) & set(readers_of(doc)))


def handles(user: Any, assignment: Assignment) -> bool:
    """The person assigned, or a head of the unit assigned."""
    if assignment.user_id is not None:
        return assignment.user_id == user.id
    return assignment.unit_id in head_units(user)


roles_rule("incoming.register", Role.CLERK)


@rule("incoming.registers.print")
def _print_register(user: Any, register: Any) -> bool:
    """Clerks print their units' registers (confidential ones included); the chairpersons and
    the office chief print every ordinary register."""
    if not user.has_role(Role.CLERK, Role.OFFICE_CHIEF, Role.CHAIR):
        return False
    if register is None:
        return True
    return register.unit_id in clerk_units(user) or (
        not register.is_confidential and user.has_role(Role.CHAIR, Role.OFFICE_CHIEF))

roles_rule("incoming.work", *Role)
# Sending a document electronically to another unit: the clerks who issue documents (the
# outgoing flow will call the same service), and the unit leaders who sign them.
roles_rule("incoming.deliver", Role.CLERK, Role.UNIT_HEAD, Role.OFFICE_CHIEF, Role.CHAIR)


@rule("incoming.receive")
def _receive(user: Any, delivery: Any) -> bool:
    """The clerks of the unit a delivery was sent to register or return it."""
    if not user.has_role(Role.CLERK):
        return False
    return delivery is None or delivery.recipient_unit_id in clerk_units(user)


@rule("incoming.view")
def _view(user: Any, doc: Any) -> bool:
    return doc is None or may_read(user, doc)


@rule("incoming.route")
def _route(user: Any, doc: Any) -> bool:
    if not user.has_role(Role.CHAIR):
        return False
    return doc is None or (may_read(user, doc) and doc.status != "done")


@rule("incoming.propose")
def _propose(user: Any, doc: Any) -> bool:
    if not user.has_role(Role.OFFICE_CHIEF):
        return False
    return doc is None or (may_read(user, doc) and doc.status == "submitted")


@rule("incoming.handle")
def _handle(user: Any, assignment: Any) -> bool:
    if assignment is None:
        return True
    return assignment.is_open and handles(user, assignment)


@rule("incoming.assign")
def _assign(user: Any, assignment: Any) -> bool:
    if assignment is None:
        return user.has_role(Role.UNIT_HEAD)
    return assignment.is_open and assignment.unit_id is not None and assignment.unit_id in head_units(user)


@rule("incoming.supervise")
def _supervise(user: Any, assignment: Any) -> bool:
    """Recall or remind: whoever gave the assignment, or the office's leaders."""
    if assignment is None:
        return user.has_role(Role.CHAIR, Role.OFFICE_CHIEF, Role.UNIT_HEAD)
    return assignment.assigned_by_id == user.id or (
        user.has_role(Role.CHAIR, Role.OFFICE_CHIEF) and may_read(user, assignment.work_item)
    )


@rule("incoming.close")
def _close(user: Any, doc: Any) -> bool:
    if doc is None:
        return user.has_role(Role.UNIT_HEAD, Role.CHAIR)
    if doc.status != "in_progress":
        return False
    lead_units = {a.unit_id for a in doc.assignments if a.role == "lead" and a.status not in ("recalled", "forwarded", "returned")}
    routed_by = {a.assigned_by_id for a in doc.assignments if a.role == "lead"}
    return bool(lead_units & head_units(user)) or user.id in routed_by
