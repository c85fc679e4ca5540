"""What every domain does with stored files: record a checked upload, find the blobs in use,
and drop stored files that nothing links to any more."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import delete, exists, not_, select

from eoffice.db import db
from eoffice.files.models import StoredFile


def record(sha256: str, filename: str, content_type: str, size: int, inspection: dict[str, Any],
           uploaded_by_id: Optional[int]) -> StoredFile:
    """A stored file for bytes already in the blob store (no commit: the caller's transaction)."""
    stored = StoredFile(
        sha256=sha256, filename=filename, content_type=content_type, size=size,
        page_count=(inspection or {}).get("page_count"), inspection=inspection or {}, uploaded_by_id=uploaded_by_id,
    )
    db.session.add(stored)
    return stored


def _links() -> list[Any]:
    """Every column that links to a stored file, found by foreign key: a kind's own link
    table is covered the moment its model is imported."""
    target = StoredFile.__table__.c.id
    return [column for table in db.metadata.tables.values() for column in table.columns
            if any(fk.column is target for fk in column.foreign_keys)]


def drop_unlinked() -> int:
    """Delete stored files no link points at (their blobs then fall to `eoffice storage gc`).
    No commit: the caller's transaction."""
    unlinked = [not_(exists().where(column == StoredFile.id)) for column in _links()]
    result = db.session.execute(delete(StoredFile).where(*unlinked).execution_options(synchronize_session=False))
    return result.rowcount or 0


def referenced_blobs() -> set[str]:
    """SHA-256 of every stored file: the blobs storage gc must keep."""
    return set(db.session.scalars(select(StoredFile.sha256).distinct()))
