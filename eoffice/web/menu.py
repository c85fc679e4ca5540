"""The navigation menu: each entry names the permission that shows it.

Domain packages add their entries with `add_entry` when their views are registered.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for

from eoffice.auth.permissions import can


@dataclass(frozen=True)
class MenuEntry:
    label: str
    endpoint: str
    action: str
    group: str = "main"
    order: int = 100


_ENTRIES: list[MenuEntry] = [
    MenuEntry("Trang chủ", "core.home", "authenticated", order=0),
    MenuEntry("Tìm kiếm", "search.index", "authenticated", order=70),
    MenuEntry("Danh bạ đơn vị", "org.directory", "org.directory.view", order=80),
    MenuEntry("Đơn vị", "org.units", "admin.units.manage", group="admin", order=10),
    MenuEntry("Người dùng", "org.users", "admin.users.manage", group="admin", order=20),
    MenuEntry("Nhật ký hệ thống", "audit.log", "audit.view", group="admin", order=30),
    MenuEntry("Khóa API của tôi", "auth.tokens", "account.tokens.manage", group="account", order=10),
]


def add_entry(entry: MenuEntry) -> None:
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)


def remove_entry(endpoint: str) -> None:
    """Forget the entries pointing at `endpoint` (a kind that is uninstalled, e.g. in tests)."""
    _ENTRIES[:] = [entry for entry in _ENTRIES if entry.endpoint != endpoint]


def menu_for(user: Any) -> list[dict[str, str]]:
    items = []
    for entry in sorted(_ENTRIES, key=lambda e: (e.group, e.order)):
        if can(user, entry.action):
            items.append({"label": entry.label, "url": url_for(entry.endpoint), "group": entry.group, "endpoint": entry.endpoint})
    return items
