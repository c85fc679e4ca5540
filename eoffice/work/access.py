"""Reading a work item: the one check every kind's services and pages share."""
from __future__ import annotations

from typing import Any, TypeVar

from eoffice.actor import Actor
from eoffice.auth.permissions import authorize
from eoffice.auth.principals import principals_of
from eoffice.db import get_or_not_found
from eoffice.work.history import readers_of
from eoffice.work.kinds import kind_of
from eoffice.work.models import WorkItem

T = TypeVar("T", bound=WorkItem)


def may_read(user: Any, item: WorkItem) -> bool:
    """True when one of the user's principals is among the item's readers (its kind's rule)."""
    return bool(set(principals_of(user)) & set(readers_of(item)))


def get_readable(actor: Actor, model: type[T], item_id: int, what: str) -> T:
    """Load an item and check that the actor may read it (`<kind>.view`), or raise.

    Services call this, so a page, the API and a command all refuse the same reads; an item
    the actor may not read answers "not found" only when it does not exist.
    """
    item = get_or_not_found(model, item_id, what)
    authorize(actor, f"{kind_of(item).name}.view", item)
    return item
