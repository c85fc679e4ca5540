"""The trust store: seeded with the Vietnamese CAs by the migration, changed by administrators
with an audit entry each, and what upload validation trusts."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.unit.documents.pdf_factory import test_pki


def test_a_fresh_install_trusts_the_government_g2_ca(tmp_path: Path) -> None:
    from tests.conftest import _build_app, _migrate

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    _migrate(url, tmp_path / "data")
    app = _build_app(url, tmp_path / "data")
    with app.app_context():
        from eoffice.db import db
        from eoffice.signing.trust.models import TrustStoreCertificate

        rows = list(db.session.scalars(select(TrustStoreCertificate)))
        by_subject = {row.subject: row for row in rows}
        g2_root = next(r for s, r in by_subject.items() if "RootCA chuyên dùng Chính phủ G2" in s)
        g2_ca = next(r for s, r in by_subject.items() if "CA phục vụ các cơ quan Nhà nước G2" in s)
        assert g2_root.is_root and not g2_ca.is_root
        assert all(r.source == "seed" and r.active for r in rows) and len(rows) == 19
        db.engine.dispose()


def _audit_actions(db, action: str) -> list[str]:  # type: ignore[no-untyped-def]
    from eoffice.audit.models import AuditEntry

    return list(db.session.scalars(select(AuditEntry.object_id).where(AuditEntry.action == action)))


def test_admin_adds_and_removes_a_certificate_each_audited(app, operator) -> None:  # type: ignore[no-untyped-def]
    from eoffice.db import db
    from eoffice.signing.trust import service

    pki = test_pki()
    before = service.trust_store_version()
    (row,) = service.add_certificate(operator, pki.root_cert.read_bytes())
    assert row.is_root and row.source == "admin" and "eoffice Test Root CA" in row.subject
    assert service.trust_store_version() != before
    assert any(c.dump() == row.der for c in service.active_certificates())
    assert _audit_actions(db, "trust.add") == [str(row.id)]
    service.remove_certificate(operator, row.id)
    assert row.id not in [r.id for r in service.list_certificates(operator)]
    assert service.trust_store_version() == before
    assert _audit_actions(db, "trust.remove") == [str(row.id)]


def test_adding_the_same_certificate_twice_is_refused(app, operator) -> None:  # type: ignore[no-untyped-def]
    from eoffice.errors import Conflict
    from eoffice.signing.trust import service

    pki = test_pki()
    service.add_certificate(operator, pki.root_der())
    with pytest.raises(Conflict) as caught:
        service.add_certificate(operator, pki.root_cert.read_bytes())
    assert "đã có trong danh sách tin cậy" in caught.value.message


def test_a_file_that_is_not_a_certificate_is_refused_and_nothing_changes(app, operator) -> None:  # type: ignore[no-untyped-def]
    from eoffice.errors import ServiceError
    from eoffice.signing.trust import service

    before = service.trust_store_version()
    with pytest.raises(ServiceError) as caught:
        service.add_certificate(operator, b"%PDF-1.7 not a certificate")
    assert caught.value.code == "not_a_certificate" and "tải lên lại" in caught.value.message
    assert service.trust_store_version() == before


def test_removing_an_unknown_certificate_says_not_found(app, operator) -> None:  # type: ignore[no-untyped-def]
    from eoffice.errors import NotFound
    from eoffice.signing.trust import service

    with pytest.raises(NotFound):
        service.remove_certificate(operator, 987654)
