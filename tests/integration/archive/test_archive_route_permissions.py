"""Every archive route as every demo role answers as the permission module says: 200 for those
allowed (and, for one dossier's, document's or file's page, allowed to read it — its access
regime), 403 for the rest, on the pages and the JSON API; refused roles change nothing by
posting."""
from __future__ import annotations

import io

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.auth.models import User
from eoffice.auth.permissions import can
from eoffice.db import db
from eoffice.demo import ACCOUNTS, DEMO_PASSWORD
from eoffice.archive import catalogue, digitise, dossiers
from eoffice.archive.schemas import DocumentMetaIn
from eoffice.calendar import service as calendar
from eoffice.work.models import WorkFile
from tests.helpers import csrf_token, html_problems, login, route_url, sample_pdf
from tests.integration.archive.conftest import open_dossier
from tests.integration.documents.conftest import actor


def _sample():  # type: ignore[no-untyped-def]
    dossier = open_dossier("truongphong", "03.KT", access_regime=2)
    document = dossiers.file_upload(actor("truongphong"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "a.pdf"),
                                    DocumentMetaIn(subject="Báo cáo thẩm định dự án"))
    batch = digitise.new_batch(actor("luutru"), "Lô mẫu")
    scan = digitise.take_in(actor("luutru"), batch, io.BytesIO(sample_pdf(number="5")), "mau.pdf")
    book = catalogue.catalogue_of(calendar.now().year)
    return {"dossier": dossier, "document": document}, {
        "catalogue_id": book.id, "dossier_id": dossier.id, "document_id": document.id, "file_id": document.files[0].id,
        "batch_id": batch.id, "scan_id": scan.id, "which": "original",
        "item_id": document.id}


def _may_read(user, objects, rule_args, file_id) -> bool:  # type: ignore[no-untyped-def]
    if "dossier_id" in rule_args and not can(user, "archive_dossier.view", objects["dossier"]):
        return False
    if {"document_id", "item_id"} & set(rule_args) and not can(user, "archive_doc.view", objects["document"]):
        return False
    if "file_id" in rule_args:
        item = db.session.get(WorkFile, file_id).work_item
        return can(user, f"{item.kind}.view", item)
    return True


def test_every_archive_page_answers_each_role_as_the_permission_module_says(office):
    objects, args = _sample()
    failures = []
    for account in ACCOUNTS:
        client = office.test_client()
        assert login(client, account.username, DEMO_PASSWORD).status_code == 302
        user = User.query.filter_by(username=account.username).one()
        token = csrf_token(client, "/")
        for rule in office.url_map.iter_rules():
            if not rule.rule.startswith("/archive") or rule.endpoint == "archive.static":
                continue
            action = office.view_functions[rule.endpoint].required_action
            url = route_url(rule, args)
            allowed = can(user, action) and _may_read(user, objects, rule.arguments, args["file_id"])
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


def test_every_archive_api_read_answers_each_role_as_the_permission_module_says(office):
    objects, args = _sample()
    failures = []
    for account in ACCOUNTS:
        user = accounts.find_user(account.username)
        bearer, _ = accounts.create_token(Actor.operator("kiểm thử"), user, "walk")
        client = office.test_client()
        for rule in office.url_map.iter_rules():
            if not rule.rule.startswith("/api/v1/archive") or "GET" not in rule.methods:
                continue
            action = office.view_functions[rule.endpoint].required_action
            allowed = can(user, action) and _may_read(user, objects, rule.arguments, args["file_id"])
            response = client.get(route_url(rule, args), headers={"Authorization": f"Bearer {bearer}"})
            if response.status_code != (200 if allowed else 403):
                failures.append(f"{account.username} GET {route_url(rule, args)} -> {response.status_code}")
    assert failures == [], "\n".join(failures)
