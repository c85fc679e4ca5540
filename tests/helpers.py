"""Helpers shared by the test suites: signing in through the real login form, CSRF tokens,
an official-looking Vietnamese PDF."""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, Callable, Iterator, Optional

from eoffice.demo_pdf import official_document_pdf

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


def sample_pdf(number: str = "15", notation: str = "QĐ-UBND", subject: str = "Về việc phê duyệt kế hoạch cải cách hành chính năm 2027") -> bytes:
    return official_document_pdf(
        agency_parent="UBND TỈNH KHÁNH HÒA", agency="Sở Nội vụ", number=number, notation=notation, place="Khánh Hòa",
        issued=date.today() - timedelta(days=2), type_name="Quyết định", subject=subject,
        body=["Phê duyệt kế hoạch kèm theo Quyết định này.", "Quyết định có hiệu lực kể từ ngày ký."],
        authority="KT. GIÁM ĐỐC", position="Phó Giám đốc", signer="Trần Văn Bình",
    )


def html_problems(html: str) -> list[str]:
    """Markup mistakes that break assistive technology and label-based browser tests: an id used
    twice, a <label for> that points at nothing, an image without alt text."""
    from html.parser import HTMLParser

    ids: dict[str, int] = {}
    label_targets: list[str] = []
    images_without_alt: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
            values = dict(attrs)
            if values.get("id"):
                ids[values["id"]] = ids.get(values["id"], 0) + 1
            if tag == "label" and values.get("for"):
                label_targets.append(values["for"])
            if tag == "img" and "alt" not in values:
                images_without_alt.append(values.get("src") or "?")

    Collector().feed(html)
    problems = [f"id '{name}' used {count} times" for name, count in ids.items() if count > 1]
    problems += [f"<label for='{target}'> points at nothing" for target in label_targets if target not in ids]
    problems += [f"<img src='{src}'> has no alt text" for src in images_without_alt]
    return problems


def route_url(rule: Any, args: dict[str, Any]) -> str:
    """A URL rule with its arguments filled from `args` (for the route-permission walks)."""
    import re

    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(args[name]), url)
    return url


def walk_pages(app: Any, prefix: str, args: dict[str, Any], may_read: Any,
               answers: Optional[dict[str, int]] = None, skip: Any = lambda rule: False) -> list[str]:
    """Open every page under `prefix` as every demo account and return what went wrong.

    A GET answers 200 (or `answers[endpoint]`) to those the permission module allows — the
    route's action, and `may_read(user, rule)` for the object the URL names — and 403 to the
    rest; an allowed HTML page has no markup problems; a POST by someone who may not act is
    refused with 403. Used by each kind's route-permission test.
    """
    from eoffice.auth.models import User
    from eoffice.auth.permissions import can
    from eoffice.demo import ACCOUNTS, DEMO_PASSWORD

    failures: list[str] = []
    for account in ACCOUNTS:
        client = app.test_client()
        assert login(client, account.username, DEMO_PASSWORD).status_code == 302
        user = User.query.filter_by(username=account.username).one()
        token = csrf_token(client, "/")
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith(prefix) or skip(rule):
                continue
            action = app.view_functions[rule.endpoint].required_action
            url = route_url(rule, args)
            allowed = can(user, action) and may_read(user, rule)
            if "GET" in rule.methods:
                response = client.get(url)
                if response.status_code != ((answers or {}).get(rule.endpoint, 200) if allowed else 403):
                    failures.append(f"{account.username} GET {url} -> {response.status_code}")
                elif response.mimetype == "text/html" and response.status_code == 200:
                    failures += [f"{account.username} {url}: {p}" for p in html_problems(response.get_data(as_text=True))]
            elif not can(user, action):
                status = client.post(url, data={"csrf_token": token}).status_code
                if status != 403:
                    failures.append(f"{account.username} POST {url} -> {status}")
    return failures


def walk_api_reads(app: Any, prefix: str, args: dict[str, Any], may_read: Any) -> list[str]:
    """Every GET of the JSON API under `prefix` with each demo account's token: 200 to those
    the permission module allows (`may_read` as in `walk_pages`), 403 to the rest."""
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts
    from eoffice.auth.permissions import can
    from eoffice.demo import ACCOUNTS

    failures: list[str] = []
    for account in ACCOUNTS:
        user = accounts.find_user(account.username)
        bearer, _ = accounts.create_token(Actor.operator("kiểm thử"), user, "walk")
        client = app.test_client()
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith(prefix) or "GET" not in rule.methods:
                continue
            allowed = can(user, app.view_functions[rule.endpoint].required_action) and may_read(user, rule)
            url = route_url(rule, args)
            response = client.get(url, headers={"Authorization": f"Bearer {bearer}"})
            if response.status_code != (200 if allowed else 403):
                failures.append(f"{account.username} GET {url} -> {response.status_code}")
    return failures


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    """The SQL statements run inside the block (the engine's cursor events)."""
    from sqlalchemy import event

    from eoffice.db import db

    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def assert_fixed_queries(client: Any, path: str, add_rows: Callable[[], None]) -> None:
    """A list runs the same statements after `add_rows()` as before: no query per row (N+1).
    The answer must have grown, or the comparison would prove nothing."""
    client.get(path)  # warm: the first request loads settings and menus once per process
    with counted_statements() as few:
        before = client.get(path)
        assert before.status_code == 200
    add_rows()
    with counted_statements() as many:
        after = client.get(path)
        assert after.status_code == 200
    assert len(after.get_data()) > len(before.get_data()), f"{path} shows no more rows after adding some"
    assert len(many) == len(few), "\n".join(many)


def signed_in(client: Any, username: str, api: bool = False) -> Any:
    """`client` signed in as a demo user: with a bearer token for the API, else the login page."""
    if api:
        from eoffice.actor import Actor
        from eoffice.auth import service as accounts

        token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user(username), "thử")
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    else:
        from eoffice.demo import DEMO_PASSWORD

        assert login(client, username, DEMO_PASSWORD).status_code == 302
    return client
