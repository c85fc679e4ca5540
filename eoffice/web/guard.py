"""Route guards: every view says which permission it needs, or that it is public.

`tests/integration/test_route_permissions.py` walks the URL map and fails for any route that
declares neither, then requests every route as every role and checks the outcome against
`eoffice.auth.permissions`.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from flask import g, request
from flask_login import current_user

from eoffice.actor import Actor
from eoffice.auth.permissions import require
from eoffice.extensions import login_manager

View = Callable[..., Any]


def client_ip() -> str:
    """The caller's address (ProxyFix rewrites remote_addr when behind a trusted proxy)."""
    return request.remote_addr or ""


def current_actor() -> Actor:
    user = current_user._get_current_object() if current_user.is_authenticated else None
    return Actor(user=user, ip_address=client_ip())


def requires(action: str) -> Callable[[View], View]:
    """An HTML view for signed-in users allowed `action` (object checks happen in services)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated or g.get("token_auth"):
                return login_manager.unauthorized()
            require(current_user, action)
            return view(*args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: View) -> View:
    view.is_public = True  # type: ignore[attr-defined]
    return view
