"""Reading and changing the trust store: every change in one transaction with its audit entry.

The store's *version* (the number of changes, from the active rows' fingerprints) keys the
validation results: a report made before a CA was added or removed is not reused after."""
from __future__ import annotations

import hashlib
from typing import Optional

from asn1crypto import x509 as asn1_x509
from sqlalchemy import select

from eoffice.audit import service as audit
from eoffice.actor import Actor
from eoffice.auth.permissions import authorize, roles_rule
from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.errors import Conflict, NotFound, ServiceError
from eoffice.signing.trust import certificate_facts
from eoffice.signing.trust.models import TrustStoreCertificate
from eoffice.signing.validation.pdf import load_trust_roots
from eoffice.work.unit_of_work import operation

__all__ = ["add_certificate", "remove_certificate", "list_certificates", "active_certificates",
           "trust_store_version", "row_for"]

MANAGE = "admin.trust.manage"
VALIDATE = "signing.validate"
roles_rule(MANAGE, Role.ADMIN)
# Anyone who handles documents may check a file's signatures (no rows are written).
roles_rule(VALIDATE, *Role)


def row_for(cert: asn1_x509.Certificate, *, source: str, added_by_id: Optional[int] = None) -> TrustStoreCertificate:
    """A new (unsaved) row describing ``cert``."""
    return TrustStoreCertificate(**certificate_facts(cert), source=source, added_by_id=added_by_id, active=True)


def list_certificates(actor: Actor, *, include_removed: bool = False) -> list[TrustStoreCertificate]:
    authorize(actor, MANAGE)
    query = select(TrustStoreCertificate).order_by(TrustStoreCertificate.is_root.desc(), TrustStoreCertificate.subject)
    if not include_removed:
        query = query.where(TrustStoreCertificate.active.is_(True))
    return list(db.session.scalars(query))


def active_certificates() -> list[asn1_x509.Certificate]:
    """What validation trusts: the active rows (the seeded Vietnamese CAs unless removed)."""
    rows = db.session.scalars(select(TrustStoreCertificate.der).where(TrustStoreCertificate.active.is_(True)))
    return [asn1_x509.Certificate.load(der) for der in rows]


def trust_store_version() -> str:
    """A short fingerprint of the active set: changes whenever a certificate is added or removed."""
    digest = hashlib.sha256()
    for sha in db.session.scalars(select(TrustStoreCertificate.sha256)
                                  .where(TrustStoreCertificate.active.is_(True)).order_by(TrustStoreCertificate.sha256)):
        digest.update(sha.encode())
    return digest.hexdigest()[:16]


@operation
def add_certificate(actor: Actor, data: bytes) -> list[TrustStoreCertificate]:
    """Add the certificate(s) of a PEM or DER upload; a certificate removed earlier comes back."""
    authorize(actor, MANAGE)
    try:
        certs = load_trust_roots([data])
    except Exception as exc:  # noqa: BLE001 - any parse error is the user's file
        raise ServiceError("not_a_certificate", "Tệp không phải chứng thư số dạng PEM hoặc DER. "
                                                "Hãy xuất chứng thư của tổ chức cấp (tệp .cer/.crt/.pem) rồi tải lên lại.") from exc
    if not certs:
        raise ServiceError("not_a_certificate", "Tệp không chứa chứng thư số nào. Hãy chọn tệp .cer/.crt/.pem.")
    added = []
    for cert in certs:
        row = row_for(cert, source="admin", added_by_id=actor.user_id)
        existing = db.session.scalar(select(TrustStoreCertificate).where(TrustStoreCertificate.sha256 == row.sha256))
        if existing is not None and existing.active:
            raise Conflict("already_trusted", f"Chứng thư “{existing.subject}” đã có trong danh sách tin cậy.")
        if existing is not None:
            existing.active, existing.added_by_id, row = True, actor.user_id, existing
        else:
            db.session.add(row)
        db.session.flush()
        audit.record(actor, "trust.add", "trust_certificate", row.id,
                     {"sha256": row.sha256, "subject": row.subject, "is_root": row.is_root})
        added.append(row)
    return added


@operation
def remove_certificate(actor: Actor, certificate_id: int) -> TrustStoreCertificate:
    authorize(actor, MANAGE)
    row = db.session.get(TrustStoreCertificate, certificate_id)
    if row is None or not row.active:
        raise NotFound("chứng thư số trong danh sách tin cậy")
    row.active = False
    audit.record(actor, "trust.remove", "trust_certificate", row.id, {"sha256": row.sha256, "subject": row.subject})
    return row
