"""Plain values that cross the search interface: what is indexed, asked and answered.

Both backends take and return exactly these types, so the application never sees an engine's
own objects and a test can run the same assertions against either backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
import re
from typing import Any, Literal, Mapping, Sequence

from . import vietnamese as vi

# A kind is the application's name for a kind of work ("incoming", "task" …); the search
# package knows none of them, only the shape of the name.
KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
FACET_FIELDS = ("doc_type", "issuer", "unit", "year", "status", "kind")
FILTER_FIELDS = ("doc_type", "issuer", "unit", "year", "status")
SORTS = ("relevance", "date_desc", "date_asc")
Sort = Literal["relevance", "date_desc", "date_asc"]

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's index.max_result_window default
MAX_FACET_VALUES = 50
# Totals are exact up to this many matches; beyond it a page says "hơn 10.000 kết quả" (as
# Elasticsearch's track_total_hits) and facets are counted on a sample, so a broad word in a
# million documents costs a bounded amount of work.
TOTAL_BOUND = 10_000


class SearchError(Exception):
    """A search problem the user or operator can act on.

    ``code`` is a stable English name for programs (and the JSON API); ``message`` is the
    Vietnamese sentence to show, saying what to do next.
    """

    def __init__(self, code: str, message: str, *, detail: str | None = None) -> None:
        super().__init__(f"{code}: {message}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.message = message
        self.detail = detail


class SearchUnavailable(SearchError):
    """The engine cannot be reached or answered with a server error."""


@dataclass(frozen=True)
class IndexedItem:
    """One searchable thing (document, task, dossier, record) as the index stores it.

    ``readers`` lists the principals allowed to see it ("user:5", "unit:3", "all"); an item
    with no readers is visible to nobody. Text fields are normalised (NFC + tone placement)
    when indexed, so what comes back is normalised too.
    """

    id: str
    kind: str
    title: str
    readers: Sequence[str]
    number: str = ""
    body: str = ""
    doc_type: str = ""
    issuer: str = ""
    unit: str = ""
    year: int | None = None
    status: str = ""
    date: dt.date | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def effective_year(self) -> int | None:
        """The year facet value: the given year, else the year of ``date``."""
        if self.year is not None:
            return self.year
        return self.date.year if self.date else None

    def validated(self) -> "IndexedItem":
        """Raise SearchError for an item the index could not answer for correctly."""
        if not self.id or not isinstance(self.id, str):
            raise SearchError("invalid_item", "Mục cần lập chỉ mục thiếu mã định danh.")
        if not isinstance(self.kind, str) or not KIND_PATTERN.match(self.kind):
            raise SearchError(
                "invalid_item",
                f"Loại mục «{self.kind}» không hợp lệ; tên loại gồm chữ thường không dấu, số và dấu gạch dưới.",
            )
        if isinstance(self.readers, str) or not all(isinstance(r, str) for r in self.readers):
            raise SearchError("invalid_item", "Danh sách người được xem (readers) phải là danh sách chuỗi.")
        if self.date is not None and isinstance(self.date, dt.datetime):
            return replace(self, date=self.date.date())
        return self


@dataclass(frozen=True)
class Query:
    """A search request. ``principals`` are the caller's; results never exceed them.

    ``text`` is what the user typed: words (all must match, accents optional), "quoted
    phrases", ``-word`` to exclude; everything else that looks like syntax is ignored rather
    than passed to an engine. Empty text means "everything the caller may see".
    """

    principals: Sequence[str]
    text: str = ""
    kinds: Sequence[str] | None = None
    filters: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    facets: Sequence[str] = ("doc_type", "issuer", "unit", "year", "status")
    total_bound: int = TOTAL_BOUND

    def validated(self) -> "Query":
        """Return self, or raise SearchError (Vietnamese message) for unusable parameters."""
        if (
            self.principals is None
            or isinstance(self.principals, (str, bytes))
            or not all(isinstance(p, str) for p in self.principals)
        ):
            raise SearchError("invalid_query", "Quyền xem (principals) phải là danh sách chuỗi.")
        if not isinstance(self.text, str):
            raise SearchError("invalid_query", "Câu tìm kiếm phải là chuỗi ký tự.")
        if len(self.text) > MAX_QUERY_CHARS:
            raise SearchError(
                "query_too_long",
                f"Câu tìm kiếm quá dài ({len(self.text)} ký tự). "
                f"Hãy rút gọn còn tối đa {MAX_QUERY_CHARS} ký tự.",
            )
        if self.sort not in SORTS:
            raise SearchError(
                "invalid_sort", "Cách sắp xếp không hợp lệ; chọn theo mức liên quan hoặc theo ngày."
            )
        if not isinstance(self.page, int) or self.page < 1:
            raise SearchError("invalid_page", "Số trang phải là số nguyên từ 1 trở lên.")
        if not isinstance(self.per_page, int) or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise SearchError("invalid_page", f"Số kết quả mỗi trang phải từ 1 đến {MAX_PER_PAGE}.")
        if self.page * self.per_page > MAX_RESULT_WINDOW:
            raise SearchError(
                "page_too_deep",
                f"Chỉ xem được {MAX_RESULT_WINDOW:,} kết quả đầu tiên. ".replace(",", ".")
                + "Hãy thêm từ khóa hoặc bộ lọc để thu hẹp kết quả.",
            )
        if not isinstance(self.total_bound, int) or not 1 <= self.total_bound <= MAX_RESULT_WINDOW:
            raise SearchError(
                "invalid_total_bound", f"Giới hạn đếm kết quả phải từ 1 đến {MAX_RESULT_WINDOW:,}.".replace(",", ".")
            )
        for key, values in self.filters.items():
            if key not in FILTER_FIELDS:
                raise SearchError(
                    "invalid_filter",
                    f"Không lọc được theo «{key}»; chỉ lọc theo: {', '.join(FILTER_FIELDS)}.",
                )
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
                raise SearchError("invalid_filter", f"Giá trị lọc «{key}» phải là một danh sách.")
            if key == "year" and not all(isinstance(v, int) for v in values):
                raise SearchError("invalid_filter", "Năm dùng để lọc phải là số nguyên.")
        for facet in self.facets:
            if facet not in FACET_FIELDS:
                raise SearchError(
                    "invalid_facet",
                    f"Không thống kê được theo «{facet}»; chỉ theo: {', '.join(FACET_FIELDS)}.",
                )
        if self.kinds is not None and any(not isinstance(k, str) or not KIND_PATTERN.match(k) for k in self.kinds):
            raise SearchError("invalid_filter", "Loại mục không hợp lệ; tên loại gồm chữ thường không dấu, số và dấu gạch dưới.")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise SearchError("invalid_date_range", "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        return self

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def normalized_filters(self) -> dict[str, list[Any]]:
        """Filters with text values normalised like the indexed values."""
        return {
            key: [v if key == "year" else vi.normalize(str(v)) for v in values]
            for key, values in self.filters.items()
            if values is not None
        }


@dataclass(frozen=True)
class Hit:
    """One result. ``highlights`` hold HTML-escaped text with matches in ``<mark>``."""

    id: str
    kind: str
    title: str
    score: float | None
    number: str = ""
    date: dt.date | None = None
    doc_type: str = ""
    issuer: str = ""
    unit: str = ""
    year: int | None = None
    status: str = ""
    highlights: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultPage:
    """One page of results; ``total`` and ``facets`` count only what the caller may see.

    When more than ``Query.total_bound`` items match, ``total`` is the bound and
    ``total_is_lower_bound`` is set ("more than 10,000"); the facets are then estimated from a
    sample (``facets_are_estimates``) and their counts are approximate.
    """

    total: int
    hits: list[Hit]
    page: int
    per_page: int
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    total_is_lower_bound: bool = False
    facets_are_estimates: bool = False

    @property
    def total_text(self) -> str:
        """The count as the page says it, Vietnamese digit grouping: "1.234", "hơn 10.000"."""
        grouped = f"{self.total:,}".replace(",", ".")
        return f"hơn {grouped}" if self.total_is_lower_bound else grouped

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, MAX_RESULT_WINDOW) // self.per_page))

    # The pager's vocabulary (as Flask-SQLAlchemy's Pagination), so one pager template serves both.
    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True)
class Health:
    """Readiness of the search backend, for /readyz."""

    ok: bool
    backend: str
    index: str
    documents: int | None = None
    message: str = ""
    needs_rebuild: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "backend": self.backend,
            "index": self.index,
            "documents": self.documents,
            "message": self.message,
            "needs_rebuild": self.needs_rebuild,
        }
