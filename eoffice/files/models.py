"""The stored-file table: facts about the bytes, never who holds them (see the package docstring)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from eoffice.auth.models import User
from eoffice.backends import storage_backend_name
from eoffice.db import db, utcnow


class StoredFile(db.Model):
    """One uploaded file: bytes in object storage by SHA-256, facts about them here.

    `backend` names the store that holds the bytes (`file`, `minio`), so moving an office from
    local disk to MinIO can be verified file by file. `inspection` is what the upload checks
    found (`documents.uploads.inspect_main_pdf`): page count, signatures, active content, text
    and pre-fill hints; it is written when the file is checked, and the signature report
    (``signatures``, ``signature_check``) once more by the worker
    (`eoffice.signing.validation.background`).
    """

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    backend: Mapped[str] = mapped_column(String(20), default=lambda: storage_backend_name())
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    page_count: Mapped[Optional[int]] = mapped_column()
    inspection: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped[Optional[User]] = relationship()

    @property
    def signatures(self) -> list[dict[str, Any]]:
        """The signature reports found at upload (empty for unsigned files and non-PDFs)."""
        return list((self.inspection or {}).get("signatures") or [])


class HoldsStoredFile:
    """Mixin for a link that holds a stored file: the link has the file's facts as attributes.

    `link.filename`, `link.sha256` … read the stored file, so pages and services read a work
    item's file, a staged upload and a delivered file the same way.
    """

    @declared_attr
    def stored_file_id(cls) -> Mapped[int]:  # noqa: N805 - SQLAlchemy's declared_attr style
        return mapped_column(ForeignKey("stored_files.id"), index=True)

    @declared_attr
    def stored(cls) -> Mapped[StoredFile]:  # noqa: N805
        return relationship(StoredFile, lazy="joined")

    @property
    def sha256(self) -> str:
        return self.stored.sha256

    @property
    def filename(self) -> str:
        return self.stored.filename

    @property
    def content_type(self) -> str:
        return self.stored.content_type

    @property
    def size(self) -> int:
        return self.stored.size

    @property
    def backend(self) -> str:
        return self.stored.backend

    @property
    def page_count(self) -> Optional[int]:
        return self.stored.page_count

    @property
    def inspection(self) -> dict[str, Any]:
        return self.stored.inspection or {}

    @property
    def signatures(self) -> list[dict[str, Any]]:
        return self.stored.signatures
