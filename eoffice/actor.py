"""Who is acting, and from where.

The HTTP layer (or the CLI) builds an Actor and hands it to services, so services never touch
`flask.request` and the same rules run from a page, the API or a command.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from eoffice.auth.models import User


@dataclass(frozen=True)
class Actor:
    user: Optional["User"]
    ip_address: str = ""
    system_name: str = ""
    # The machine's operator (CLI, demo loader, scheduled jobs): acts with full authority,
    # still audited under `system_name`.
    is_operator: bool = False

    @classmethod
    def system(cls, name: str = "hệ thống") -> "Actor":
        """The system itself, with no authority (e.g. recording an automatic lockout)."""
        return cls(user=None, system_name=name)

    @classmethod
    def operator(cls, name: str) -> "Actor":
        return cls(user=None, system_name=name, is_operator=True)

    @property
    def user_id(self) -> Optional[int]:
        return self.user.id if self.user is not None else None

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.full_name
        return self.system_name or "hệ thống"
