"""Every outgoing route as every demo role answers as the permission module says: 200 for
those allowed (and, for one document's pages, allowed to read that document), 403 for the
rest; refused roles change nothing by posting."""
from __future__ import annotations

import re

from eoffice.auth.models import User
from eoffice.auth.permissions import can
from eoffice.demo import ACCOUNTS, DEMO_PASSWORD
from tests.helpers import csrf_token, html_problems, login
from tests.integration.outgoing.conftest import new_draft


def _url(rule, args) -> str:  # type: ignore[no-untyped-def]
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(args[name]), url)
    return url


def test_every_outgoing_page_answers_each_role_as_the_permission_module_says(office):
    doc = new_draft()
    args = {"outgoing_id": doc.id, "outgoing_file_id": doc.current_version_id, "assignment_id": 1}
    failures = []
    for account in ACCOUNTS:
        client = office.test_client()
        assert login(client, account.username, DEMO_PASSWORD).status_code == 302
        user = User.query.filter_by(username=account.username).one()
        token = csrf_token(client, "/")
        for rule in office.url_map.iter_rules():
            if not rule.rule.startswith("/outgoing"):
                continue
            action = office.view_functions[rule.endpoint].required_action
            url = _url(rule, args)
            allowed = can(user, action) and (not ({"outgoing_id", "outgoing_file_id"} & set(rule.arguments))
                                             or can(user, "outgoing.view", doc))
            if "GET" in rule.methods:
                response = client.get(url)
                if response.status_code != (200 if allowed else 403):
                    failures.append(f"{account.username} GET {url} -> {response.status_code}")
                elif response.mimetype == "text/html" and response.status_code == 200:
                    failures += [f"{account.username} {url}: {p}" for p in html_problems(response.get_data(as_text=True))]
            elif not can(user, action):
                status = client.post(url, data={"csrf_token": token}).status_code
                if status != 403:
                    failures.append(f"{account.username} POST {url} -> {status}")
    assert failures == [], "\n".join(failures)
