"""Helpers shared by the test suites: signing in through the real login form, CSRF tokens."""
from __future__ import annotations

import re
from typing import Any

CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client: Any, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client: Any, username: str, password: str) -> Any:
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "username": username, "password": password})


def post_form(client: Any, form_page: str, action: str, data: dict[str, Any]) -> Any:
    """Submit a form the way a browser would: with the CSRF token of the page it lives on."""
    return client.post(action, data={"csrf_token": csrf_token(client, form_page), **data})
