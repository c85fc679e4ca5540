"""The versioned index definition (search/mappings/documents.vN.json) and the item → fields step.

One file per version holds the Elasticsearch settings/mappings and the embedded (tantivy)
schema, so both backends change together. The highest version present is the current one;
an index built from an older version reports ``needs_rebuild`` in ``health()``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from . import vietnamese as vi
from .model import IndexedItem

_FILE_NAME = re.compile(r"^documents\.v(\d+)\.json$")
MAX_BODY_CHARS = 1_000_000  # ~1 MB of text per item is plenty for search and keeps bulk requests sane


@dataclass(frozen=True)
class IndexDefinition:
    version: int
    elasticsearch: dict[str, Any]
    embedded: dict[str, Any]


@lru_cache(maxsize=None)
def load(version: int | None = None) -> IndexDefinition:
    """Load a definition; the newest one when ``version`` is None."""
    folder = resources.files(__package__).joinpath("mappings")
    found = {}
    for entry in folder.iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found[int(match.group(1))] = entry
    if not found:
        raise RuntimeError("search/mappings has no documents.vN.json")
    chosen = max(found) if version is None else version
    data = json.loads(found[chosen].read_text(encoding="utf-8"))
    if data.get("version") != chosen:
        raise RuntimeError(f"documents.v{chosen}.json declares version {data.get('version')}")
    return IndexDefinition(version=chosen, elasticsearch=data["elasticsearch"], embedded=data["embedded"])


def current_version() -> int:
    return load().version


@dataclass(frozen=True)
class PreparedItem:
    """An item's text normalised once, with the folded twins both backends index."""

    item: IndexedItem
    title: str
    number: str
    body: str
    meta: str
    doc_type: str
    issuer: str
    unit: str
    status: str
    year: int | None

    @property
    def title_f(self) -> str:
        return vi.index_form(self.title)

    @property
    def number_f(self) -> str:
        return vi.index_form(self.number)

    @property
    def meta_f(self) -> str:
        return vi.index_form(self.meta)

    @property
    def body_f(self) -> str:
        return vi.index_form(self.body)


def prepare(item: IndexedItem) -> PreparedItem:
    """Validate and normalise an item (NFC + tone placement) for indexing."""
    item = item.validated()
    doc_type = vi.normalize(item.doc_type or "").strip()
    issuer = vi.normalize(item.issuer or "").strip()
    unit = vi.normalize(item.unit or "").strip()
    status = vi.normalize(item.status or "").strip()
    return PreparedItem(
        item=item,
        title=vi.normalize(item.title or ""),
        number=vi.normalize(item.number or "").strip(),
        body=vi.normalize((item.body or "")[:MAX_BODY_CHARS]),
        # type, agency and unit are searchable words too ("quyết định ubnd đông hòa")
        meta=" \n ".join(v for v in (doc_type, issuer, unit) if v),
        doc_type=doc_type,
        issuer=issuer,
        unit=unit,
        status=status,
        year=item.effective_year(),
    )
