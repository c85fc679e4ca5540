"""The archivist's search: filed documents (metadata and OCR text), accents or not, only what
the caller may read (the index filters by readers, so access regimes hold), with facets by
dossier, retention, access regime, year, issuer and type.

The index knows type, issuer, year and status (which carries the access regime) and filters on
them itself; dossier and retention are the archive's own, so the matches (up to FACET_WINDOW,
best first) are fetched and those two facets counted and filtered here from the database. Past
the window the page says the counts cover the first matches only and asks for more words.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from eoffice.auth.principals import principals_of
from eoffice.backends import search_index
from eoffice.db import db
from eoffice.archive.models import ArchiveDossier, FiledDocument, retention_label
from search import Query, ResultPage

FACET_LABELS = {"dossier": "Hồ sơ", "retention": "Thời hạn bảo quản", "status": "Chế độ sử dụng", "year": "Năm",
                "issuer": "Cơ quan ban hành", "doc_type": "Loại văn bản"}
ENGINE_FILTERS = ("doc_type", "issuer", "year", "status")
LOCAL_FILTERS = ("dossier", "retention")
FACET_WINDOW = 1000
ENGINE_PAGE = 100  # the index's largest page


@dataclass(frozen=True)
class ArchiveResults(ResultPage):
    """The index's result page (so the one pager serves it), with the facets counted here and
    whether the window cut the matches."""

    truncated: bool = False
    dossier_of: dict[str, str] = field(default_factory=dict)


def document_id(hit: Any) -> int:
    return int(hit.id.split(":", 1)[1])


def _archive_facts(hits: list[Any]) -> dict[str, tuple[str, str]]:
    """hit id → (dossier code, retention label), in one query."""
    ids = [document_id(h) for h in hits]
    if not ids:
        return {}
    dossier_of = dict(db.session.execute(select(FiledDocument.id, FiledDocument.dossier_id).where(FiledDocument.id.in_(ids))).all())
    dossiers = {d.id: d for d in db.session.scalars(select(ArchiveDossier).where(ArchiveDossier.id.in_(set(dossier_of.values()))))}
    return {f"archive_doc:{i}": (dossiers[d].code, retention_label(dossiers[d].retention_years)) for i, d in dossier_of.items()}


def _count(values: list[Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(v for v in values if v not in (None, "")).items(), key=lambda kv: (-kv[1], str(kv[0])))


def search(user: Any, text: str, filters: dict[str, list[Any]], page: int = 1, per_page: int = 20) -> ArchiveResults:
    """Run the archivist's search; raises search.SearchError (Vietnamese) on unusable input."""
    engine_filters = {k: v for k, v in filters.items() if k in ENGINE_FILTERS and v}
    matches: list[Any] = []
    engine_total = 0
    for engine_page in range(1, FACET_WINDOW // ENGINE_PAGE + 1):
        result = search_index().search(Query(
            text=text.replace("\x00", ""), principals=principals_of(user), kinds=["archive_doc"], filters=engine_filters,
            page=engine_page, per_page=ENGINE_PAGE, facets=()))
        engine_total = result.total
        matches += result.hits
        if len(matches) >= result.total or not result.hits:
            break
    facts = _archive_facts(matches)
    wanted = {k: set(map(str, filters.get(k) or [])) for k in LOCAL_FILTERS}

    def kept(hit: Any) -> bool:
        dossier, retention = facts.get(hit.id, ("", ""))
        return (not wanted["dossier"] or dossier in wanted["dossier"]) and (not wanted["retention"] or retention in wanted["retention"])

    filtered = [h for h in matches if kept(h)]
    facets = {
        "dossier": _count([facts.get(h.id, ("", ""))[0] for h in filtered]),
        "retention": _count([facts.get(h.id, ("", ""))[1] for h in filtered]),
        "status": _count([h.status for h in filtered]),
        "year": _count([h.year for h in filtered]),
        "issuer": _count([h.issuer for h in filtered]),
        "doc_type": _count([h.doc_type for h in filtered]),
    }
    start = (page - 1) * per_page
    return ArchiveResults(hits=filtered[start:start + per_page], total=len(filtered), page=page, per_page=per_page,
                          facets=facets, truncated=engine_total > len(matches),
                          dossier_of={h.id: facts.get(h.id, ("", ""))[0] for h in filtered[start:start + per_page]})
