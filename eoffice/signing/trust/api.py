"""JSON API of the trust store and of signature validation (/api/v1/signing/…)."""
from __future__ import annotations

import hashlib
from typing import Any

from eoffice.api import api_bp, permission
from eoffice.errors import ServiceError
from eoffice.jsondata import json_ready
from eoffice.signing.trust import service
from eoffice.signing.trust.schemas import CertificateUpload, PdfUpload, TrustCertificateOut, TrustListOut, ValidationOut
from eoffice.web.guard import current_actor

MAX_CERTIFICATE_BYTES = 64 * 1024


def _read(upload: Any, limit: int, what: str) -> bytes:
    if upload is None or not upload.filename:
        raise ServiceError("missing_file", f"Thiếu {what} (trường 'file' trong multipart/form-data).")
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise ServiceError("too_large", f"{what[0].upper()}{what[1:]} quá lớn (tối đa {limit // 1024} KB).")
    return data


@api_bp.get("/signing/trust")
@permission(service.MANAGE)
@api_bp.output(TrustListOut)
def list_trust() -> Any:
    """Danh sách chứng thư số tin cậy

    Chứng thư gốc (tự ký) là điểm tin cậy; các chứng thư khác là chứng thư trung gian dùng để dựng đường dẫn.
    """
    return {"version": service.trust_store_version(), "items": service.list_certificates(current_actor())}


@api_bp.post("/signing/trust")
@permission(service.MANAGE)
@api_bp.input(CertificateUpload, location="files", arg_name="parts")
@api_bp.output(TrustListOut, status_code=201)
def add_trust(parts: CertificateUpload) -> Any:
    """Thêm chứng thư số tin cậy (tệp PEM hoặc DER)"""
    added = service.add_certificate(current_actor(), _read(parts.file, MAX_CERTIFICATE_BYTES, "tệp chứng thư số"))
    return {"version": service.trust_store_version(), "items": added}


@api_bp.delete("/signing/trust/<int:certificate_id>")
@permission(service.MANAGE)
@api_bp.output(TrustCertificateOut)
def remove_trust(certificate_id: int) -> Any:
    """Gỡ một chứng thư số khỏi danh sách tin cậy"""
    return service.remove_certificate(current_actor(), certificate_id)


@api_bp.post("/signing/validate")
@permission(service.VALIDATE)
@api_bp.input(PdfUpload, location="files", arg_name="parts")
@api_bp.output(ValidationOut)
def validate(parts: PdfUpload) -> Any:
    """Kiểm tra chữ ký số của một tệp PDF

    Trả về kết quả từng chữ ký theo thứ tự ký: toàn vẹn, hợp lệ, tin cậy, thay đổi sau khi ký, thời điểm ký.
    """
    from flask import current_app

    from eoffice.signing.validation.pdf import read_signatures

    limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 100 * 1024 * 1024)
    data = _read(parts.file, limit, "tệp PDF")
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise ServiceError("not_pdf", "Tệp không phải PDF. Hãy chọn tệp PDF văn bản đã ký số.")
    reports = read_signatures(data, service.active_certificates())
    return {"sha256": hashlib.sha256(data).hexdigest(), "trust_store_version": service.trust_store_version(),
            "signatures": json_ready(reports)}
