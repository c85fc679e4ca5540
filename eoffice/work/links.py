"""Links one kind offers on another kind's page, without either importing the other: the tasks
kind puts "Giao nhiệm vụ" on an incoming document's page, say. A kind registers an `ItemLink`
for the kinds it serves; a page renders `work_links(item)` (a template global, see
eoffice.work.setup), which keeps those the signed-in user is allowed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask_login import current_user

from eoffice.auth.permissions import can


@dataclass(frozen=True)
class ItemLink:
    for_kind: str                      # the kind of the page it appears on ("incoming")
    label: str
    action: str                        # the permission the user needs to see it
    url: Callable[[Any], str]          # the target, from the item shown


_LINKS: list[ItemLink] = []


def register_link(link: ItemLink) -> None:
    """Add a link (once: an app built again registers the same link again)."""
    if link not in _LINKS:
        _LINKS.append(link)


def links_for(item: Any) -> list[tuple[str, str]]:
    """(label, url) of the links for `item`'s kind the current user may follow."""
    if not current_user.is_authenticated:
        return []
    return [(link.label, link.url(item)) for link in _LINKS
            if link.for_kind == getattr(item, "kind", None) and can(current_user, link.action)]
