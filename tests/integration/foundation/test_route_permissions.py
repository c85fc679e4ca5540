"""Every route as every role: who gets 200/302 and who gets 403.

The expectation comes from `eoffice.auth.permissions` — the one module that decides — and
every route must declare its action (or be public), so a new page cannot ship unguarded.
"""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from eoffice.db import db
from eoffice.signing.trust.models import TrustStoreCertificate

from eoffice.auth.models import ApiToken, User
from eoffice.auth.permissions import can
from eoffice.demo import ACCOUNTS, DEMO_PASSWORD
from eoffice.org.models import Unit
from tests.helpers import csrf_token, html_problems, login, sample_pdf

SAMPLE_ARGS = {"unit_id": None, "user_id": None, "token_id": None, "code": "vi", "filename": "eoffice.css"}


def _object_checks(args):
    """For URL arguments naming one object, the object-level action the page also requires.

    A page for one document answers 200 only to those who may see that document; everyone else
    gets 403 even if they hold the page's general action.
    """
    from eoffice.db import db
    from eoffice.documents.models import WorkFile, IncomingDocument, IncomingRegister, InboundDelivery, StagedUpload

    document = db.session.get(IncomingDocument, args["doc_id"])
    register = db.session.get(IncomingRegister, args["register_id"])
    staged = db.session.get(StagedUpload, args["token_id_staged"])
    return {
        "doc_id": lambda user: can(user, "incoming.view", document),
        "file_id": lambda user: can(user, "incoming.view", db.session.get(WorkFile, args["file_id"]).work_item),
        "token": lambda user: user.id == staged.user_id,
        "register_id": lambda user: can(user, "incoming.registers.print", register),
        "delivery_id": lambda user: can(user, "incoming.receive", db.session.get(InboundDelivery, args["delivery_id"])),
    }


# Routes of a kind whose own test walks them with its own sample objects (an outgoing document
# in each state): tests/integration/outgoing/test_outgoing_route_permissions.py,
# tests/integration/tasks/test_task_route_permissions.py, tests/integration/onestop/test_onestop_pages.py and
# tests/integration/archive/test_archive_route_permissions.py.
WALKED_BY_THEIR_KIND = ("/outgoing", "/api/v1/outgoing", "/tasks", "/api/v1/tasks", "/onestop", "/api/v1/dossiers",
                        "/archive", "/api/v1/archive")
# An upload is its uploader's alone: anyone else is told "not found", not "forbidden"
# (tests/integration/signing/test_background_validation.py::test_another_users_upload_is_not_polled).
OWNER_ONLY = ("/api/v1/incoming/uploads/<token>",)


def _routes(app):
    for rule in app.url_map.iter_rules():
        if (rule.arguments and rule.rule.startswith(WALKED_BY_THEIR_KIND)) or rule.rule in OWNER_ONLY:
            continue
        view = app.view_functions[rule.endpoint]
        yield rule, view


def _url(rule, args):
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(args[name]), url)
    return url


def _a_trusted_certificate() -> int:
    """The seeded trust store (emptied between tests with the other tables), one entry of it."""
    from eoffice.db import utcnow
    from eoffice.signing.trust import bundled_certificates, certificate_facts

    existing = db.session.scalars(select(TrustStoreCertificate.id)).first()
    if existing is not None:
        return existing
    row = TrustStoreCertificate(**certificate_facts(bundled_certificates()[0]), source="seed", added_at=utcnow(), active=True)
    db.session.add(row)
    db.session.commit()
    return row.id


def _sample_args(app):
    admin = User.query.filter_by(username="quantri").one()
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts

    if ApiToken.query.count() == 0:
        accounts.create_token(Actor.operator("kiểm thử"), admin, "mẫu")
    from eoffice.db import db
    from eoffice.documents.models import Assignment, WorkFile, IncomingDocument, InboundDelivery, StagedUpload
    from eoffice.documents.uploads import stage_upload

    clerk = Actor(User.query.filter_by(username="vanthu").one())
    staged = db.session.query(StagedUpload).first()
    if staged is None:
        staged = stage_upload(clerk, io.BytesIO(sample_pdf(number="999")), "mau.pdf", main_document=True)
    document = db.session.scalars(select(IncomingDocument).where(IncomingDocument.secrecy == 0).order_by(IncomingDocument.id)).first()
    return {
        **SAMPLE_ARGS,
        "unit_id": Unit.query.filter_by(short_name="VP").one().id,
        "user_id": admin.id,
        "token_id": ApiToken.query.first().id,
        "doc_id": document.id,
        "file_id": db.session.scalars(select(WorkFile.id).where(WorkFile.work_item_id == document.id)).first(),
        "assignment_id": db.session.scalars(select(Assignment.id).where(Assignment.work_item_id == document.id)).first(),
        "token": staged.token,
        "token_id_staged": staged.id,
        "register_id": document.register_id,
        "delivery_id": db.session.scalars(select(InboundDelivery.id)).first(),
        "certificate_id": _a_trusted_certificate(),
    }


def _allowed(user, action, rule, checks) -> bool:
    return can(user, action) and all(checks[name](user) for name in rule.arguments if name in checks)


def test_every_route_declares_a_permission_or_is_public(app):
    undeclared = [
        rule.rule for rule, view in _routes(app)
        if not rule.endpoint.endswith("static") and not getattr(view, "required_action", None) and not getattr(view, "is_public", False)
    ]
    assert undeclared == []


def test_every_html_route_answers_each_role_as_the_permission_module_says(demo_app):
    args = _sample_args(demo_app)
    checks = _object_checks(args)
    failures = []
    for account in ACCOUNTS:
        client = demo_app.test_client()
        assert login(client, account.username, DEMO_PASSWORD).status_code == 302
        user = User.query.filter_by(username=account.username).one()
        token = csrf_token(client, "/")
        for rule, view in _routes(demo_app):
            if rule.rule.startswith("/api/") or rule.endpoint.endswith("static") or rule.endpoint == "auth.logout":
                continue
            action = getattr(view, "required_action", None)
            url = _url(rule, args)
            if "GET" in rule.methods:
                response = client.get(url)
                status = response.status_code
                if action is None:
                    ok = status in (200, 302, 503)
                elif _allowed(user, action, rule, checks):
                    # A page may send an allowed user on (e.g. an export with no register chosen),
                    # but never back to the login page.
                    ok = status == 200 or (status == 302 and "/login" not in response.headers["Location"])
                else:
                    ok = status == 403
                if not ok:
                    failures.append(f"{account.username} GET {url} -> {status} (action {action})")
                elif status == 200 and response.mimetype == "text/html":
                    failures += [f"{account.username} GET {url}: {p}" for p in html_problems(response.get_data(as_text=True))]
            elif action and not can(user, action):
                # Only refused roles are tried on state-changing routes: the call must change nothing.
                status = client.post(url, data={"csrf_token": token}).status_code
                if status != 403:
                    failures.append(f"{account.username} POST {url} -> {status} (action {action})")
    assert failures == [], "\n".join(failures)


def test_anonymous_visitors_are_sent_to_login_from_every_guarded_page(demo_app):
    args = _sample_args(demo_app)
    client = demo_app.test_client()
    for rule, view in _routes(demo_app):
        if rule.rule.startswith("/api/") or not getattr(view, "required_action", None) or "GET" not in rule.methods:
            continue
        response = client.get(_url(rule, args))
        assert response.status_code == 302 and "/login" in response.headers["Location"], rule.rule


def test_every_api_route_answers_each_role_as_the_permission_module_says(demo_app):
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts

    args = _sample_args(demo_app)
    checks = _object_checks(args)
    failures = []
    for account in ACCOUNTS:
        user = accounts.find_user(account.username)
        token, _ = accounts.create_token(Actor.operator("kiểm thử"), user, "walk")
        client = demo_app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        for rule, view in _routes(demo_app):
            action = getattr(view, "required_action", None)
            if not rule.rule.startswith("/api/") or action is None:
                continue
            url = _url(rule, args)
            allowed = _allowed(user, action, rule, checks)
            if "GET" in rule.methods:
                status = client.get(url, headers=headers).status_code
                expected = 200 if allowed else 403
            elif not can(user, action):
                method = next(m for m in ("PUT", "POST", "DELETE") if m in rule.methods)
                status = client.open(url, method=method, json={}, headers=headers).status_code
                expected = 403
            else:
                continue
            if status != expected:
                failures.append(f"{account.username} {url} -> {status}, expected {expected}")
        anonymous = demo_app.test_client().get("/api/v1/me")
        assert anonymous.status_code == 401
    assert failures == []


def test_the_openapi_document_lists_every_api_route(demo_app):
    document = demo_app.test_client().get("/api/v1/openapi.json").json
    documented = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    for rule, view in _routes(demo_app):
        if rule.rule.startswith("/api/v1/") and getattr(view, "required_action", None):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented
