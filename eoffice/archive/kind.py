"""The archive's two kinds of work, named by the `eoffice.kinds` entry points: the work
dossier (`archive_dossier`) and the document filed in one (`archive_doc`, searchable with its
OCR text, read by its access regime)."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select

from eoffice.calendar.timezone import to_local
from eoffice.db import db
from eoffice.archive import access
from eoffice.archive.models import (
    ACCESS_LABELS, DOCUMENT_EVENT_LABELS, EVENT_LABELS, STATUS_LABELS, TRANSITIONS, ArchiveDossier, DossierState,
    FiledDocument, FiledState,
)
from eoffice.work.kinds import WorkKind

DOCUMENT_STATES = {"filed": "Đã lập hồ sơ"}


def _dossier_url(dossier: ArchiveDossier) -> str:
    return f"/archive/dossiers/{dossier.id}"


def _document_url(document: FiledDocument) -> str:
    return f"/archive/documents/{document.id}"


def _describe_dossier(dossier: ArchiveDossier) -> str:
    if dossier.access_regime == 3:
        return f"Hồ sơ {dossier.code} (Mật)"
    return f"Hồ sơ {dossier.code} – {dossier.title[:120]}"


def _describe_document(document: FiledDocument) -> str:
    if document.is_confidential:
        return f"Văn bản lưu trữ {document.archive_code} (Mật)"
    return f"Văn bản lưu trữ {document.archive_code} – {document.title[:120]}"


def dossier_search_document(dossier_id: int) -> Optional[Any]:
    """A dossier's search entry: code, title, keywords, retention, for its readers."""
    from search import IndexedItem

    dossier = db.session.get(ArchiveDossier, dossier_id)
    if dossier is None:
        return None
    body = "" if dossier.access_regime == 3 else "\n".join(filter(None, [dossier.keywords, dossier.notes, dossier.entry.title]))
    return IndexedItem(
        id=f"archive_dossier:{dossier.id}", kind="archive_dossier", title=dossier.title, number=dossier.code, body=body,
        doc_type="Hồ sơ lưu trữ", issuer=dossier.handler.full_name, unit=dossier.owner_unit.name if dossier.owner_unit else "",
        year=dossier.year, status=f"{dossier.status_label} – {ACCESS_LABELS[dossier.access_regime]}",
        date=to_local(dossier.created_at).date(), readers=access.dossier_readers(dossier),
        extra={"url": _dossier_url(dossier), "retention": dossier.retention_label},
    )


def document_search_document(document_id: int) -> Optional[Any]:
    """A filed document's search entry: its metadata and its OCR text (not for secret ones:
    their content never goes into the index), for the readers its access regime allows."""
    from search import IndexedItem

    document = db.session.get(FiledDocument, document_id)
    if document is None:
        return None
    secret = document.is_confidential
    body = "" if secret else "\n".join(filter(None, [document.keywords, document.notes, document.ocr_text]))
    return IndexedItem(
        id=f"archive_doc:{document.id}", kind="archive_doc", title=document.title, number=document.number_notation, body=body,
        doc_type=document.doc_type or "Văn bản lưu trữ", issuer=document.issuer,
        unit=document.owner_unit.name if document.owner_unit else "",
        year=document.issued_date.year if document.issued_date else document.dossier.year,
        status=f"Lưu trữ – {document.access_label}", date=document.issued_date, readers=access.document_readers(document),
        extra={"url": _document_url(document), "dossier": document.dossier.code, "archive_code": document.archive_code},
    )


def _dossier_ids() -> list[int]:
    return list(db.session.scalars(select(ArchiveDossier.id).order_by(ArchiveDossier.id)))


def _document_ids() -> list[int]:
    return list(db.session.scalars(select(FiledDocument.id).order_by(FiledDocument.id)))


def _init_app(app: Any) -> None:
    from eoffice.archive.setup import init_app

    init_app(app)


def _load_demo() -> None:
    from eoffice.archive.demo import load_demo

    load_demo()


ARCHIVE_DOSSIER = WorkKind(
    name="archive_dossier",
    label="Hồ sơ công việc",
    model=ArchiveDossier,
    states=DossierState,
    transitions=TRANSITIONS,
    readers=access.dossier_readers,  # type: ignore[arg-type]
    url=_dossier_url,  # type: ignore[arg-type]
    describe=_describe_dossier,  # type: ignore[arg-type]
    search_document=dossier_search_document,
    all_ids=_dossier_ids,
    init_app=_init_app,
    event_labels=EVENT_LABELS,
    state_labels=STATUS_LABELS,
    load_demo=_load_demo,
)

ARCHIVE_DOCUMENT = WorkKind(
    name="archive_doc",
    label="Văn bản lưu trữ",
    model=FiledDocument,
    states=FiledState,
    transitions={"filed": frozenset()},
    readers=access.document_readers,  # type: ignore[arg-type]
    url=_document_url,  # type: ignore[arg-type]
    describe=_describe_document,  # type: ignore[arg-type]
    search_document=document_search_document,
    all_ids=_document_ids,
    event_labels=DOCUMENT_EVENT_LABELS,
    state_labels=DOCUMENT_STATES,
)
