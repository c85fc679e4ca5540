"""Who may read and act on outgoing documents (registered with eoffice.auth.permissions).

A draft is read by the people named on it — its drafter, every approver of its chain, the
signer, the people asked for an opinion — and by the clerks of the units between the drafting
unit and the issuing agency, who number and issue it. An ordinary draft is also read by the
head of the drafting unit; a confidential one only by the people named (DESIGN: confidential
items are visible only to the people named on them).
"""
from __future__ import annotations

from typing import Any

from eoffice.auth.permissions import roles_rule, rule
from eoffice.auth.principals import clerk_units, principals_of
from eoffice.auth.roles import Role
from eoffice.org.models import Unit
from eoffice.outgoing.models import OutgoingDocument


def issuing_units(doc: OutgoingDocument) -> list[Unit]:
    """The drafting unit and its parents up to the issuing agency: their clerks issue it."""
    units: list[Unit] = []
    current = doc.owner_unit
    while current is not None:
        units.append(current)
        if current.id == doc.agency_unit_id:
            break
        current = current.parent
    return units


def readers_of(doc: OutgoingDocument) -> list[str]:
    readers = {f"user:{doc.drafter_id}"}
    readers.update(f"user:{user_id}" for user_id in doc.chain or [])
    if doc.signer_id:
        readers.add(f"user:{doc.signer_id}")
    for assignment in doc.assignments:
        if assignment.user_id:
            readers.add(f"user:{assignment.user_id}")
    readers.update(f"clerk:{unit.id}" for unit in issuing_units(doc))
    if not doc.is_confidential and doc.owner_unit_id:
        readers.add(f"head:{doc.owner_unit_id}")
    return sorted(readers)


def may_read(user: Any, doc: OutgoingDocument) -> bool:
    return bool(set(principals_of(user)) & set(readers_of(doc)))


roles_rule("outgoing.work", *Role)
roles_rule("outgoing.draft", Role.SPECIALIST, Role.UNIT_HEAD, Role.OFFICE_CHIEF, Role.CHAIR, Role.CLERK)
roles_rule("outgoing.chains.manage", Role.ADMIN)
roles_rule("outgoing.register.view", Role.CLERK, Role.OFFICE_CHIEF, Role.CHAIR)


@rule("outgoing.view")
def _view(user: Any, doc: Any) -> bool:
    return doc is None or may_read(user, doc)


@rule("outgoing.issue")
def _can_issue(user: Any, doc: Any) -> bool:
    if not user.has_role(Role.CLERK):
        return False
    return doc is None or bool(clerk_units(user) & {unit.id for unit in issuing_units(doc)})
