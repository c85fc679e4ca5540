"""Elasticsearch backend (server 8.x, ``elasticsearch`` client 8.x).

Names, for a prefix ``p`` (URL ``?prefix=p``, default ``eoffice``):

* ``p-documents`` — the alias every read and write goes through;
* ``p-documents-v<version>-<stamp>`` — the physical indices (``<version>`` is the number of
  search/mappings/documents.v<version>.json they were created from);
* ``p-documents-building`` — alias on the index a ``rebuild`` is loading; live writes go to it
  too, so nothing written during a rebuild is lost at the switch.

Vietnamese folding happens in the application (vietnamese.index_form) into ``*_f`` twins:
the server may lack the analysis-common module (no asciifolding), and one folding function
for both backends means both find the same things.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from html import escape
from typing import Any, Iterable, Iterator

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from . import definitions
from . import vietnamese as vi
from .base import Progress, SearchIndex
from .model import (
    MAX_FACET_VALUES,
    Health,
    Hit,
    IndexedItem,
    Query,
    ResultPage,
    SearchError,
    SearchUnavailable,
)
from .querytext import Clause, ParsedQuery, parse
from .querytext import effective_sort as _effective_sort
from .urls import SearchURL

FOLDED_FIELDS = ["title_f^3", "number_f^4", "meta_f^1.5", "body_f"]
ACCENTED_FIELDS = ["title^3", "meta^1.5", "body"]
ACCENT_BOOST = 2.0
NOTATION_BOOST = 10.0
PROXIMITY_BOOST = 5.0
# The words typed, in order, in the issuer/type/unit field ("bo tai chinh" → Bộ Tài chính's own
# documents above those with the syllables scattered in their titles).
ISSUER_BOOST = 8.0
TIE_BREAKER = 0.2
BODY_SNIPPET_CHARS = 200
BULK_CHUNK = 500
# Facets beyond the count bound: a fixed random 1/16 of the documents (the embedded backend
# samples the same share, by a hash of the id). ES scales the sampled counts back up.
SAMPLED = "sampled"
SAMPLE_PROBABILITY = 1 / 16
SAMPLE_SEED = 20260101

_UNAVAILABLE = "Máy chủ tìm kiếm (Elasticsearch) không phản hồi. Hãy kiểm tra dịch vụ rồi thử lại."


def _unavailable(exc: Exception) -> SearchUnavailable:
    return SearchUnavailable("search_unavailable", _UNAVAILABLE, detail=str(exc)[:500])


@contextlib.contextmanager
def _answering() -> Iterator[None]:
    """The server's errors as the SearchErrors the application shows."""
    try:
        yield
    except NotFoundError as exc:
        raise SearchError(
            "index_missing",
            "Chưa có chỉ mục tìm kiếm. Hãy chạy lệnh `eoffice reindex` để tạo chỉ mục.",
        ) from exc
    except (ApiError, TransportError) as exc:
        raise _unavailable(exc) from exc


class ElasticsearchIndex(SearchIndex):
    """:class:`SearchIndex` on an Elasticsearch cluster, through an alias."""

    backend = "elasticsearch"

    def __init__(self, client: Elasticsearch, prefix: str = "eoffice") -> None:
        self.es = client
        self.prefix = prefix
        self.alias = f"{prefix}-documents"
        self.building_alias = f"{prefix}-documents-building"

    @classmethod
    def from_url(cls, url: SearchURL) -> "ElasticsearchIndex":
        options: dict[str, Any] = {
            "request_timeout": url.timeout,
            "retry_on_timeout": True,
            "max_retries": 2,
            "verify_certs": url.verify_certs,
        }
        if url.username is not None:
            options["basic_auth"] = (url.username, url.password or "")
        if url.ca_certs:
            options["ca_certs"] = url.ca_certs
        return cls(Elasticsearch(url.hosts, **options), prefix=url.prefix)

    def close(self) -> None:
        self.es.close()

    # ------------------------------------------------------------------ names
    def _index_name(self, stamp: str) -> str:
        return f"{self.alias}-v{definitions.current_version()}-{stamp}"

    def _version_of(self, index: str) -> int | None:
        rest = index[len(self.alias) + 1 :] if index.startswith(self.alias + "-v") else ""
        try:
            return int(rest[1:].split("-")[0])
        except ValueError:
            return None

    def _alias_targets(self, alias: str) -> list[str]:
        try:
            return sorted(self.es.indices.get_alias(name=alias).keys())
        except NotFoundError:
            return []
        except (ApiError, TransportError) as exc:
            raise _unavailable(exc) from exc

    # ------------------------------------------------------------------ lifecycle
    def _create(self, name: str, aliases: dict[str, Any], loading: bool = False) -> None:
        body = definitions.load().elasticsearch
        settings = dict(body["settings"])
        if loading:
            # Bulk loading is several times faster without refreshes and replicas.
            settings["refresh_interval"] = "-1"
            settings.pop("auto_expand_replicas", None)
            settings["number_of_replicas"] = 0
        self.es.indices.create(index=name, settings=settings, mappings=body["mappings"], aliases=aliases)

    def ensure(self) -> None:
        try:
            if self.es.indices.exists_alias(name=self.alias):
                return
            # A fixed name makes concurrent ensure() calls converge on one index.
            self._create(self._index_name("0"), {self.alias: {}})
        except ApiError as exc:
            if getattr(exc, "error", "") == "resource_already_exists_exception":
                return
            raise _unavailable(exc) from exc
        except TransportError as exc:
            raise _unavailable(exc) from exc
        self.es.cluster.health(index=self.alias, wait_for_status="yellow", timeout="30s")

    def drop(self) -> None:
        try:
            names = list(self.es.indices.get(index=f"{self.alias}-v*", expand_wildcards="all").keys())
        except NotFoundError:
            names = []
        if names:
            self.es.indices.delete(index=",".join(names), ignore_unavailable=True)

    # ------------------------------------------------------------------ writing
    @staticmethod
    def source(item: IndexedItem) -> dict[str, Any]:
        """The _source Elasticsearch stores for an item (public for the benchmark)."""
        p = definitions.prepare(item)
        doc: dict[str, Any] = {
            "id": p.item.id,
            "kind": p.item.kind,
            "title": p.title,
            "title_f": p.title_f,
            "readers": list(p.item.readers),
        }
        for name in ("number", "meta", "body"):
            value = getattr(p, name)
            if value:
                doc[name] = value
                doc[f"{name}_f"] = getattr(p, f"{name}_f")
        for name in ("doc_type", "issuer", "unit", "status"):
            value = getattr(p, name)
            if value:
                doc[name] = value
        if p.year is not None:
            doc["year"] = p.year
        if p.item.date:
            doc["date"] = p.item.date.isoformat()
        if p.item.extra:
            doc["extra"] = {str(k): vi.nfc(str(v)) for k, v in p.item.extra.items()}
        return doc

    def _bulk(self, actions: Iterable[dict[str, Any]], ignore_conflicts: bool = False) -> int:
        written = 0
        try:
            for ok, info in helpers.streaming_bulk(
                self.es, actions, chunk_size=BULK_CHUNK, raise_on_error=False, raise_on_exception=True
            ):
                if ok:
                    written += 1
                    continue
                ((op, result),) = info.items()
                status = result.get("status")
                if op == "delete" and status == 404:
                    continue
                if ignore_conflicts and status == 409:
                    continue
                raise SearchError(
                    "index_write_failed",
                    "Không ghi được vào chỉ mục tìm kiếm. Hãy kiểm tra nhật ký máy chủ tìm kiếm.",
                    detail=str(result.get("error"))[:500],
                )
        except (ApiError, TransportError) as exc:
            raise _unavailable(exc) from exc
        return written

    def _write_targets(self) -> list[str]:
        targets = self._alias_targets(self.alias)
        if not targets:
            raise SearchError(
                "index_missing",
                "Chưa có chỉ mục tìm kiếm. Hãy chạy lệnh `eoffice reindex` để tạo chỉ mục.",
            )
        return targets + [t for t in self._alias_targets(self.building_alias) if t not in targets]

    def upsert(self, items: Iterable[IndexedItem]) -> int:
        sources = [self.source(item) for item in items]
        if not sources:
            return 0
        targets = self._write_targets()
        actions = [
            {"_op_type": "index", "_index": target, "_id": src["id"], "_source": src}
            for target in targets
            for src in sources
        ]
        self._bulk(actions)
        return len(sources)

    def delete(self, ids: Iterable[str]) -> None:
        ids = [str(i) for i in ids]
        if not ids:
            return
        actions = [{"_op_type": "delete", "_index": t, "_id": i} for t in self._write_targets() for i in ids]
        self._bulk(actions)

    def refresh(self) -> None:
        with _answering():
            self.es.indices.refresh(index=self.alias)

    def rebuild(self, items: Iterable[IndexedItem], progress: Progress | None = None) -> int:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dt%H%M%S%f")
        new = self._index_name(stamp)
        settings = definitions.load().elasticsearch["settings"]
        try:
            self._create(new, {self.building_alias: {}}, loading=True)
        except (ApiError, TransportError) as exc:
            raise _unavailable(exc) from exc
        loaded = 0

        def actions() -> Iterator[dict[str, Any]]:
            nonlocal loaded
            seen: set[str] = set()
            for item in items:
                if item.id in seen:  # first one wins (a second "create" would conflict)
                    continue
                seen.add(item.id)
                loaded += 1
                if progress and loaded % 1000 == 0:
                    progress(loaded)
                # "create": a live write that already reached the new index is newer than
                # what the caller's iterator read earlier, so it wins (409 is ignored).
                yield {"_op_type": "create", "_index": new, "_id": item.id, "_source": self.source(item)}

        try:
            self._bulk(actions(), ignore_conflicts=True)
            self.es.indices.put_settings(
                index=new,
                settings={
                    "refresh_interval": settings.get("refresh_interval", "1s"),
                    "auto_expand_replicas": settings.get("auto_expand_replicas", "0-1"),
                },
            )
            self.es.indices.refresh(index=new)
            self.es.cluster.health(index=new, wait_for_status="yellow", timeout="60s")
            old = self._alias_targets(self.alias)
            switch = [{"remove": {"index": o, "alias": self.alias}} for o in old]
            switch += [
                {"add": {"index": new, "alias": self.alias}},
                {"remove": {"index": new, "alias": self.building_alias}},
            ]
            # One _aliases call is atomic: every search sees either the old or the new index.
            self.es.indices.update_aliases(actions=switch)
        except BaseException:
            try:
                self.es.indices.delete(index=new, ignore_unavailable=True)
            except (ApiError, TransportError):
                pass
            raise
        if old:
            try:
                self.es.indices.delete(index=",".join(o for o in old if o != new), ignore_unavailable=True)
            except (ApiError, TransportError):
                pass  # an orphan old index is harmless; the next rebuild's drop() finds it
        if progress:
            progress(loaded)
        return loaded

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        try:
            return int(self.es.count(index=self.alias)["count"])
        except (ApiError, TransportError) as exc:
            raise _unavailable(exc) from exc

    def health(self) -> Health:
        try:
            cluster = self.es.cluster.health(timeout="2s")
            targets = self._alias_targets(self.alias)
        except Exception as exc:  # noqa: BLE001 - health must report, not raise
            return Health(
                ok=False, backend=self.backend, index=self.alias, message=f"{_UNAVAILABLE} ({exc})"[:500]
            )
        if cluster.get("status") not in ("green", "yellow"):
            return Health(
                ok=False,
                backend=self.backend,
                index=self.alias,
                message=f"Cụm Elasticsearch ở trạng thái {cluster.get('status')}; chưa sẵn sàng.",
            )
        if not targets:
            return Health(
                ok=False,
                backend=self.backend,
                index=self.alias,
                message="Chưa có chỉ mục tìm kiếm. Hãy chạy lệnh `eoffice reindex` để tạo chỉ mục.",
            )
        try:
            documents = self.count()
        except SearchError as exc:
            return Health(ok=False, backend=self.backend, index=self.alias, message=exc.message)
        version = self._version_of(targets[0])
        outdated = version is not None and version < definitions.current_version()
        return Health(
            ok=True,
            backend=self.backend,
            index=targets[0],
            documents=documents,
            needs_rebuild=outdated,
            message="Chỉ mục dùng định nghĩa cũ; hãy chạy `eoffice reindex`." if outdated else "",
        )

    def build_request(self, query: Query, parsed: ParsedQuery) -> dict[str, Any]:
        """The search body (public so the benchmark can time the engine on the same request)."""
        must: list[dict[str, Any]] = []
        should: list[dict[str, Any]] = []
        must_not: list[dict[str, Any]] = []
        if parsed.match_all:
            must.append({"match_all": {}})
        for clause in parsed.positive:
            must.append(self._clause(clause, folded=True))
            if clause.accented:
                should.append(self._clause(clause, folded=False, boost=ACCENT_BOOST, ranking=True))
        for clause in parsed.negative:
            must_not.append(self._clause(clause, folded=not clause.accented))
        if parsed.notation_tokens:
            should.append(
                {
                    "match_phrase": {
                        "number_f": {"query": " ".join(parsed.notation_tokens), "boost": NOTATION_BOOST}
                    }
                }
            )
        if parsed.proximity_tokens:
            should.append(
                {
                    "match_phrase": {
                        "title_f": {"query": " ".join(parsed.proximity_tokens), "boost": PROXIMITY_BOOST}
                    }
                }
            )
            should.append(
                {"match_phrase": {"meta_f": {"query": " ".join(parsed.proximity_tokens), "boost": ISSUER_BOOST}}}
            )
        principals = [str(p) for p in query.principals]
        filters: list[dict[str, Any]] = [{"terms": {"readers": principals}}]
        if query.kinds is not None:
            filters.append({"terms": {"kind": list(query.kinds)}})
        for key, values in query.normalized_filters().items():
            filters.append({"terms": {key: values}})
        if query.date_from or query.date_to:
            bounds: dict[str, str] = {}
            if query.date_from:
                bounds["gte"] = query.date_from.isoformat()
            if query.date_to:
                bounds["lte"] = query.date_to.isoformat()
            filters.append({"range": {"date": bounds}})
        bool_query: dict[str, Any] = {"must": must, "filter": filters}
        if should:
            bool_query["should"] = should
        if must_not:
            bool_query["must_not"] = must_not
        sort_by = _effective_sort(query, parsed)
        if sort_by == "relevance":
            sort: list[Any] = ["_score", {"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        else:
            order = "desc" if sort_by == "date_desc" else "asc"
            sort = [{"date": {"order": order, "missing": "_last"}}, {"id": "asc"}]
        body: dict[str, Any] = {
            "query": {"bool": bool_query},
            "from": query.offset,
            "size": query.per_page,
            "sort": sort,
            # exact up to the bound, then "gte": lets Lucene skip non-competitive documents
            "track_total_hits": query.total_bound,
            "track_scores": sort_by == "relevance",
            "_source": {"excludes": ["body", "readers"]},
            "highlight": {
                "type": "fvh",
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "fields": {
                    "title": {"matched_fields": ["title", "title_f"], "number_of_fragments": 0},
                    "body": {
                        "matched_fields": ["body", "body_f"],
                        "fragment_size": BODY_SNIPPET_CHARS,
                        "number_of_fragments": 1,
                        "no_match_size": BODY_SNIPPET_CHARS,
                    },
                },
            },
        }
        if query.facets:
            # Facets on a fixed random sample; kept only when the total passes the bound (a
            # smaller result gets exact facets from facet_request, a cheap second call).
            body["aggs"] = {
                SAMPLED: {
                    "random_sampler": {"probability": SAMPLE_PROBABILITY, "seed": SAMPLE_SEED},
                    "aggs": self._facet_aggs(query),
                }
            }
        return body

    def facet_request(self, query: Query, parsed: ParsedQuery) -> dict[str, Any]:
        """Exact facets over every match: for results within the count bound."""
        main = self.build_request(query, parsed)
        return {
            "query": main["query"],
            "size": 0,
            "track_total_hits": False,
            "aggs": self._facet_aggs(query),
        }

    @staticmethod
    def _facet_aggs(query: Query) -> dict[str, Any]:
        return {name: {"terms": {"field": name, "size": MAX_FACET_VALUES}} for name in query.facets}

    @staticmethod
    def _clause(clause: Clause, folded: bool, boost: float = 1.0, ranking: bool = False) -> dict[str, Any]:
        if folded:
            fields = FOLDED_FIELDS
        else:
            # Phrases: accent boost on the short fields only (same as the embedded backend;
            # a second phrase pass over every body doubles the cost of common phrases).
            fields = ACCENTED_FIELDS[:2] if clause.phrase and ranking else ACCENTED_FIELDS
        return {
            "multi_match": {
                "query": vi.index_form(clause.text) if folded else clause.text,
                "fields": fields,
                "type": "phrase",
                "tie_breaker": TIE_BREAKER,
                "boost": boost,
            }
        }

    def search(self, query: Query) -> ResultPage:
        query = query.validated()
        parsed = parse(query.text)
        response = self._call(self.build_request(query, parsed))
        scored = _effective_sort(query, parsed) == "relevance"
        hits = [self._hit(h, scored) for h in response["hits"]["hits"]]
        total = response["hits"]["total"]
        bounded = total["relation"] == "gte" and int(total["value"]) >= query.total_bound
        facets: dict[str, list[tuple[Any, int]]] = {}
        if query.facets:
            if bounded:
                aggregations = response.get("aggregations", {}).get(SAMPLED, {})
            else:
                aggregations = self._call(self.facet_request(query, parsed)).get("aggregations", {})
            for name in query.facets:
                buckets = aggregations.get(name, {}).get("buckets", [])
                values = [(int(b["key"]) if name == "year" else b["key"], int(b["doc_count"])) for b in buckets]
                facets[name] = sorted(
                    ((k, n) for k, n in values if n > 0), key=lambda kv: (-kv[1], str(kv[0]))
                )
        return ResultPage(
            total=min(int(total["value"]), query.total_bound),
            hits=hits,
            page=query.page,
            per_page=query.per_page,
            facets=facets,
            total_is_lower_bound=bounded,
            facets_are_estimates=bounded and bool(query.facets),
        )

    def _call(self, body: dict[str, Any]) -> dict[str, Any]:
        with _answering():
            return self.es.search(index=self.alias, **body)

    @staticmethod
    def _hit(raw: dict[str, Any], scored: bool) -> Hit:
        src = raw.get("_source", {})
        highlight = raw.get("highlight", {})
        title = src.get("title", "")
        body_fragments = highlight.get("body") or []
        return Hit(
            id=src.get("id", raw.get("_id")),
            kind=src.get("kind", ""),
            title=title,
            score=float(raw["_score"]) if scored and raw.get("_score") is not None else None,
            number=src.get("number", ""),
            date=dt.date.fromisoformat(src["date"]) if src.get("date") else None,
            doc_type=src.get("doc_type", ""),
            issuer=src.get("issuer", ""),
            unit=src.get("unit", ""),
            year=src.get("year"),
            status=src.get("status", ""),
            highlights={
                "title": (highlight.get("title") or [escape(title, quote=False)])[0],
                "body": body_fragments[0] if body_fragments else "",
            },
            extra=src.get("extra", {}),
        )
