"""Lists the archive's pages and home queues show, filtered in SQL by the readers the core
materialises (so a count never reveals a dossier the user may not read)."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import Select, func, select

from eoffice.auth.principals import principals_of
from eoffice.db import db
from eoffice.archive.models import ArchiveDossier, DossierState, ImportBatch, ScanImport, ScanState
from eoffice.work.models import WorkReader


def readable(user: Any, model: Any) -> Any:
    return model.id.in_(select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user))))


def dossiers_query(user: Any, status: str = "", year: Optional[int] = None) -> Select[Any]:
    query = select(ArchiveDossier).where(readable(user, ArchiveDossier)).order_by(ArchiveDossier.year.desc(), ArchiveDossier.code)
    if status:
        query = query.where(ArchiveDossier.status == status)
    if year:
        query = query.where(ArchiveDossier.year == year)
    return query


def open_dossiers(user: Any) -> list[ArchiveDossier]:
    return list(db.session.scalars(dossiers_query(user, DossierState.OPEN.value)))


def my_open_dossiers_count(user: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(ArchiveDossier).where(
        ArchiveDossier.handler_id == user.id, ArchiveDossier.status == DossierState.OPEN.value)) or 0


def scans_to_review_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ScanImport).where(ScanImport.status == ScanState.REVIEW.value)) or 0


def scans_to_review() -> list[ScanImport]:
    return list(db.session.scalars(select(ScanImport).where(ScanImport.status == ScanState.REVIEW.value).order_by(ScanImport.id)))


def batches(limit: int = 20) -> list[ImportBatch]:
    return list(db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)))
