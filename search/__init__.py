"""Full-text search for eoffice behind one interface, with two backends.

    from search import open_index, Query
    idx = open_index("embedded:///var/lib/eoffice/search")   # or "http://127.0.0.1:9200"
    idx.ensure()
    page = idx.search(Query(text="quyet dinh", principals=["user:5", "unit:3", "all"]))

See search/README.md for the URL formats and the design. This package knows nothing of Flask
or of eoffice's domain: it takes and returns the plain values defined in ``search.model``.
"""

from .base import SearchIndex
from .model import (
    FACET_FIELDS,
    FILTER_FIELDS,
    KIND_PATTERN,
    Health,
    Hit,
    IndexedItem,
    Query,
    ResultPage,
    SearchError,
    SearchUnavailable,
)
from .urls import open_index, parse_search_url

__all__ = [
    "FACET_FIELDS",
    "FILTER_FIELDS",
    "KIND_PATTERN",
    "Health",
    "Hit",
    "IndexedItem",
    "Query",
    "ResultPage",
    "SearchError",
    "SearchIndex",
    "SearchUnavailable",
    "open_index",
    "parse_search_url",
]
