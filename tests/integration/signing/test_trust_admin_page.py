"""The trust-store page /admin/trust: administrators see every trusted certificate (root or
intermediate, validity, expired), add one from a PEM/DER file and remove one after a
confirmation step, each change audited; everybody else gets 403. SQLite and PostgreSQL."""
from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select

from tests.helpers import csrf_token, login
from tests.unit.documents.pdf_factory import test_pki

PAGE = "/admin/trust/"


@pytest.fixture
def office(app):  # type: ignore[no-untyped-def]
    """The demo office with the trust store as the migration seeds it (tests empty the tables)."""
    from eoffice.db import db
    from eoffice.demo import load_demo
    from eoffice.signing.trust import bundled_certificates
    from eoffice.signing.trust.models import TrustStoreCertificate
    from eoffice.signing.trust.service import row_for

    load_demo(with_documents=False)
    if not db.session.scalar(select(TrustStoreCertificate.id).limit(1)):
        db.session.add_all(row_for(cert, source="seed") for cert in bundled_certificates())
        db.session.commit()
    return app


def signed_in(app: Any, username: str) -> Any:
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def audit_actions(action: str) -> list[str]:
    from eoffice.audit.models import AuditEntry
    from eoffice.db import db

    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry.object_id).where(AuditEntry.action == action)))


def trusted_row(subject_part: str) -> Any:
    from eoffice.db import db
    from eoffice.signing.trust.models import TrustStoreCertificate

    db.session.expire_all()
    return db.session.scalars(select(TrustStoreCertificate).where(TrustStoreCertificate.subject.contains(subject_part))).first()


def add_file(client: Any, data: bytes, name: str) -> Any:
    return client.post("/admin/trust/add", data={"csrf_token": csrf_token(client, PAGE), "certificate": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_the_page_lists_the_seeded_cas_as_roots_and_intermediates_with_expired_ones_flagged(office) -> None:
    html = signed_in(office, "quantri").get(PAGE).get_data(as_text=True)
    assert "<h1>Chứng thư số tin cậy</h1>" in html
    assert "RootCA chuyên dùng Chính phủ G2" in html and "CA phục vụ các cơ quan Nhà nước G2" in html
    assert "Chứng thư gốc" in html and "Chứng thư trung gian" in html
    assert "19 chứng thư đang được tin cậy" in html
    assert html.count('data-testid="expired"') >= 8, "the MIC-era sub-CAs (VNPT, Viettel, BKAV, FPT…) ran out"
    assert 'href="/admin/trust/"' in html, "the admin menu links the page"


def test_an_administrator_adds_a_certificate_by_upload_and_it_is_audited(office) -> None:
    client = signed_in(office, "quantri")
    html = add_file(client, test_pki().root_der(), "goc.cer").get_data(as_text=True)
    assert "Đã thêm vào danh sách tin cậy" in html and "eoffice Test Root CA" in html
    row = trusted_row("eoffice Test Root CA")
    assert row.active and row.is_root and row.source == "admin"
    assert audit_actions("trust.add") == [str(row.id)]
    assert "20 chứng thư đang được tin cậy" in html
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Thêm chứng thư số tin cậy" in log, "the audit log names the change in Vietnamese"


def test_a_file_that_is_not_a_certificate_is_refused_with_a_message(office) -> None:
    html = add_file(signed_in(office, "quantri"), b"%PDF-1.7 not a certificate", "nham.pem").get_data(as_text=True)
    assert "Tệp không phải chứng thư số dạng PEM hoặc DER" in html and audit_actions("trust.add") == []


def test_removing_asks_first_and_only_the_confirmed_removal_happens(office) -> None:
    client = signed_in(office, "quantri")
    row = trusted_row("Vietnam National Root CA")
    confirm = client.get(f"/admin/trust/{row.id}/remove").get_data(as_text=True)
    assert "Gỡ chứng thư số khỏi danh sách tin cậy?" in confirm and "Vietnam National Root CA" in confirm
    assert "VNPT-CA SHA2" in confirm, "the intermediates it issued are named"

    unconfirmed = client.post(f"/admin/trust/{row.id}/remove", data={"csrf_token": csrf_token(client, PAGE)})
    assert unconfirmed.status_code == 302 and unconfirmed.headers["Location"].endswith(f"/admin/trust/{row.id}/remove")
    assert trusted_row("Vietnam National Root CA").active and audit_actions("trust.remove") == []

    done = client.post(f"/admin/trust/{row.id}/remove", data={"csrf_token": csrf_token(client, PAGE), "confirm": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã gỡ khỏi danh sách tin cậy" in done and "18 chứng thư đang được tin cậy" in done
    assert not trusted_row("Vietnam National Root CA").active
    assert audit_actions("trust.remove") == [str(row.id)]
    assert client.get(f"/admin/trust/{row.id}/remove").status_code == 404, "already removed"


@pytest.mark.parametrize("username", ["vanthu", "chutich"])
def test_anyone_but_an_administrator_gets_403(office, username: str) -> None:
    client = signed_in(office, username)
    row = trusted_row("RootCA chuyên dùng Chính phủ G2")
    assert client.get(PAGE).status_code == 403
    assert client.get(f"/admin/trust/{row.id}/remove").status_code == 403
    token = csrf_token(client, "/")
    assert client.post(f"/admin/trust/{row.id}/remove", data={"csrf_token": token, "confirm": "1"}).status_code == 403
    assert client.post("/admin/trust/add", data={"csrf_token": token, "certificate": (io.BytesIO(test_pki().root_der()), "x.cer")},
                       content_type="multipart/form-data").status_code == 403
    assert trusted_row("RootCA chuyên dùng Chính phủ G2").active and audit_actions("trust.add") == []
    assert 'href="/admin/trust/"' not in client.get("/").get_data(as_text=True)
