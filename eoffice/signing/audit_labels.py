"""How the audit log names the trust-store changes (see eoffice/audit/labels.py)."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.audit.labels import int_ids, register_actions, register_keys, register_object
from eoffice.db import db


def _certificates(ids: list[str]) -> dict[str, str]:
    from eoffice.signing.trust.models import TrustStoreCertificate

    rows = db.session.scalars(select(TrustStoreCertificate).where(TrustStoreCertificate.id.in_(int_ids(ids))))
    return {str(r.id): r.subject for r in rows}


register_actions({"trust.add": "Thêm chứng thư số tin cậy", "trust.remove": "Gỡ chứng thư số tin cậy",
                  "signing.recheck": "Yêu cầu kiểm tra lại chữ ký số"})
register_keys({"file": "Tệp", "warnings_before": "Cảnh báo lần kiểm tra trước", "subject": "Chủ thể chứng thư", "sha256": "Dấu vân tay SHA-256", "is_root": "Chứng thư gốc"})
register_object("trust_certificate", "Chứng thư số tin cậy", _certificates)
