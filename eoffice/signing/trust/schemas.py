"""Typed input and output of the trust-store and validation API."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from apiflask.fields import UploadFile
from pydantic import Field

from eoffice.api.schemas import Input, Output


class CertificateUpload(Input):
    """multipart/form-data: the certificate file (PEM or DER)."""

    file: Optional[UploadFile] = Field(None, title="Tệp chứng thư số")


class PdfUpload(Input):
    """multipart/form-data: the PDF to validate."""

    file: Optional[UploadFile] = Field(None, title="Tệp PDF")


class TrustCertificateOut(Output):
    id: int
    sha256: str
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    is_root: bool
    source: str
    active: bool
    added_at: datetime


class TrustListOut(Output):
    version: str
    items: list[TrustCertificateOut]


class ValidationOut(Output):
    sha256: str
    trust_store_version: str
    signatures: list[dict[str, Any]]
