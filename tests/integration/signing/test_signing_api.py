"""The trust-store and validation API: an administrator manages the list, anyone who handles
documents validates a PDF and gets the report."""
from __future__ import annotations

import io

import pytest

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from tests.unit.documents.pdf_factory import test_pki
from tests.unit.signing.decree_factory import paint_over, six_signature_decree


def _client(app, username: str):  # type: ignore[no-untyped-def]
    token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user(username), "thử")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def admin(demo_app):  # type: ignore[no-untyped-def]
    return _client(demo_app, "quantri")


@pytest.fixture
def clerk(demo_app):  # type: ignore[no-untyped-def]
    return _client(demo_app, "vanthu")


def test_admin_adds_lists_and_removes_a_trusted_certificate(admin) -> None:  # type: ignore[no-untyped-def]
    pki = test_pki()
    added = admin.post("/api/v1/signing/trust", data={"file": (io.BytesIO(pki.root_cert.read_bytes()), "root.pem")})
    assert added.status_code == 201, added.get_data(as_text=True)
    (row,) = added.json["items"]
    listed = admin.get("/api/v1/signing/trust").json
    assert row["id"] in [item["id"] for item in listed["items"]] and listed["version"] == added.json["version"]
    removed = admin.delete(f"/api/v1/signing/trust/{row['id']}")
    assert removed.status_code == 200 and removed.json["active"] is False
    assert row["id"] not in [item["id"] for item in admin.get("/api/v1/signing/trust").json["items"]]


def test_a_clerk_may_not_change_the_trust_store(clerk) -> None:  # type: ignore[no-untyped-def]
    response = clerk.post("/api/v1/signing/trust", data={"file": (io.BytesIO(test_pki().root_der()), "root.cer")})
    assert response.status_code == 403


def test_uploading_something_else_than_a_certificate_says_what_to_do(admin) -> None:  # type: ignore[no-untyped-def]
    response = admin.post("/api/v1/signing/trust", data={"file": (io.BytesIO(b"hello"), "x.pem")})
    assert response.status_code == 400 and "tải lên lại" in response.json["error"]["message"]


def test_validate_reports_a_good_decree_and_a_tampered_one(admin, clerk) -> None:  # type: ignore[no-untyped-def]
    pki = test_pki()
    admin.post("/api/v1/signing/trust", data={"file": (io.BytesIO(pki.root_cert.read_bytes()), "root.pem")})
    decree = six_signature_decree(pki)
    good = clerk.post("/api/v1/signing/validate", data={"file": (io.BytesIO(decree), "qd.pdf")})
    assert good.status_code == 200, good.get_data(as_text=True)
    assert len(good.json["signatures"]) == 6
    assert all(s["trusted"] and s["modifications_allowed"] for s in good.json["signatures"])
    bad = clerk.post("/api/v1/signing/validate", data={"file": (io.BytesIO(paint_over(decree)), "qd.pdf")})
    assert all(s["modifications_allowed"] is False for s in bad.json["signatures"])
    assert all(s["summary"].startswith("Tệp đã bị sửa nội dung sau khi ký") for s in bad.json["signatures"])


def test_validate_refuses_a_file_that_is_not_a_pdf(clerk) -> None:  # type: ignore[no-untyped-def]
    response = clerk.post("/api/v1/signing/validate", data={"file": (io.BytesIO(b"plain text"), "a.txt")})
    assert response.status_code == 400 and "PDF" in response.json["error"]["message"]
