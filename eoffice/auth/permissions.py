"""The one place that answers "may this user do this action on this object?".

Every view, API endpoint and service asks here. A rule is a function `(user, obj) -> bool`;
most actions are simply "one of these roles", domain packages add object-level rules with
`rule(...)` (e.g. confidential documents readable only by the people named on them).
Routes declare their action with `@requires(...)` (see eoffice.web.guard) so a test can walk
every route as every role.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from eoffice.auth.roles import Role

RuleFn = Callable[[Any, Any], bool]
_RULES: dict[str, RuleFn] = {}

AUTHENTICATED = "authenticated"


class PermissionDenied(Exception):
    """Raised by `require`; the HTTP layer turns it into 403 with a Vietnamese message."""

    def __init__(self, action: str, message: str = "") -> None:
        self.action = action
        self.message = message or "Bạn không có quyền thực hiện thao tác này. Liên hệ quản trị hệ thống nếu cần được cấp quyền."
        super().__init__(self.message)


def rule(action: str) -> Callable[[RuleFn], RuleFn]:
    """Register the object-level rule for `action` (one rule per action)."""

    def decorator(fn: RuleFn) -> RuleFn:
        if action in _RULES:
            raise RuntimeError(f"A rule for {action!r} is already registered")
        _RULES[action] = fn
        return fn

    return decorator


def roles_rule(action: str, *roles: Role) -> None:
    """Register "any of these roles may" for `action`."""
    allowed = frozenset(roles)
    rule(action)(lambda user, obj: bool(user.roles & allowed))


def can(user: Any, action: str, obj: Any = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action == AUTHENTICATED:
        return True
    check = _RULES.get(action)
    if check is None:
        raise KeyError(f"No permission rule registered for action {action!r}")
    return bool(check(user, obj))


def require(user: Any, action: str, obj: Any = None, message: str = "") -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action, message)


def authorize(actor: Any, action: str, obj: Any = None, message: str = "") -> None:
    """Services call this: the machine operator (CLI) may do anything; a user must be allowed."""
    if getattr(actor, "is_operator", False):
        return
    require(actor.user, action, obj, message)


def registered_actions() -> list[str]:
    return sorted(_RULES)


# --- Organisation-wide actions -------------------------------------------------------------
roles_rule("admin.units.manage", Role.ADMIN)
roles_rule("admin.users.manage", Role.ADMIN)
roles_rule("admin.calendar.manage", Role.ADMIN)
roles_rule("audit.view", Role.ADMIN)
roles_rule("org.directory.view", *Role)


@rule("account.tokens.manage")
def _own_tokens(user: Any, token: Optional[Any]) -> bool:
    """Everyone manages their own API tokens; nobody else's."""
    return token is None or token.user_id == user.id
