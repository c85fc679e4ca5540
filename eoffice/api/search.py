"""JSON API for search: the search page's box and filters, over what the caller may read."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Optional

from flask import request
from flask_login import current_user
from pydantic import Field

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Output, Query, SearchWords, Text200, UserDate
from eoffice.errors import ServiceError
from eoffice.web.search_views import FACET_LABELS, run_search


class _Unavailable(ServiceError):
    status = 503


class SearchQuery(Query):
    q: SearchWords = Field("", title="Câu tìm kiếm")
    doc_type: Optional[Text200] = Field(None, title="Loại văn bản (lặp lại để chọn nhiều)")
    issuer: Optional[Text200] = Field(None, title="Cơ quan ban hành")
    unit: Optional[Text200] = Field(None, title="Đơn vị")
    year: Optional[Annotated[int, Field(ge=1900, le=2099)]] = Field(None, title="Năm")
    status: Optional[Text200] = Field(None, title="Tình trạng")
    date_from: UserDate = Field(None, alias="from", title="Từ ngày")
    date_to: UserDate = Field(None, alias="to", title="Đến ngày")
    sort: Annotated[str, Field(pattern="^(relevance|date_desc|date_asc)$", title="Sắp xếp")] = "relevance"
    page: Annotated[int, Field(ge=1, le=500, title="Trang")] = 1
    per_page: Annotated[int, Field(ge=1, le=100, title="Số kết quả mỗi trang")] = 20


class HitOut(Output):
    id: str
    kind: str
    title: str
    score: Optional[float]
    number: str
    date: Optional[date]
    doc_type: str
    issuer: str
    unit: str
    year: Optional[int]
    status: str
    highlights: dict[str, str]


class FacetValue(Output):
    value: Any
    count: int


class SearchOut(Output):
    total: int = Field(title="Số kết quả (chính xác đến 10.000; quá mức đó là 10.000 và total_is_lower_bound)")
    total_is_lower_bound: bool = Field(title="Có hơn `total` kết quả (hiển thị «hơn 10.000 kết quả»)")
    facets_are_estimates: bool = Field(title="Số lượng trong facets là ước tính trên một mẫu (khi có hơn 10.000 kết quả)")
    page: int
    per_page: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValue]]


@api_bp.get("/search")
@permission("authenticated")
@api_bp.input(SearchQuery, location="query", arg_name="query")
@api_bp.doc(responses={503: "Máy chủ tìm kiếm tạm thời không trả lời"})
@api_bp.output(SearchOut)
def search(query: SearchQuery) -> Any:
    """Tìm kiếm toàn văn trong những gì người gọi được xem

    Như trang Tìm kiếm: không cần gõ dấu, "cụm từ", -loại trừ; lọc doc_type, issuer, unit, year, status
    (lặp lại tham số để chọn nhiều giá trị), from, to; sort relevance | date_desc | date_asc.
    """
    from search import SearchError, SearchUnavailable

    filters: dict[str, list[Any]] = {}
    for key in FACET_LABELS:
        values = [v.replace("\x00", "") for v in request.args.getlist(key) if v]
        if key == "year":
            values = [int(v) for v in values if v.isdigit() and len(v) <= 4]
        if values:
            filters[key] = values
    try:
        result = run_search(current_user, query.q, filters, query.date_from, query.date_to, query.sort, query.page,
                            query.per_page)
    except SearchUnavailable as exc:
        raise _Unavailable(exc.code, exc.message) from exc
    except SearchError as exc:
        raise ServiceError(exc.code, exc.message) from exc
    return {"total": result.total, "total_is_lower_bound": result.total_is_lower_bound,
            "facets_are_estimates": result.facets_are_estimates, "page": result.page, "per_page": result.per_page, "hits": result.hits,
            "facets": {name: [{"value": v, "count": c} for v, c in values] for name, values in result.facets.items()}}
