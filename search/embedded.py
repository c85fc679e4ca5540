"""Embedded search backend: tantivy (a Lucene-like engine in Rust) in a local folder.

Why tantivy and not SQLite FTS5: on the same 200k-document corpus FTS5 answered common terms
in 0.5–0.9 s and phrases in ~190 ms, tantivy in ~1 ms and 7–18 ms (see bench/README.md);
the target is p95 < 50 ms on a 2-core machine. tantivy also gives BM25 ranking, phrase
queries, snippets and terms aggregations (facets) natively.

Folder layout (``embedded:///path/to/dir``)::

    dir/CURRENT                    name of the live generation — the "alias"
    dir/documents-v1-<stamp>/      one tantivy index per generation
    dir/BUILDING                   present while ``rebuild`` loads a new generation
    dir/<generation>.journal       writes made during a rebuild, replayed before the switch
    dir/.lock                      flock serialising writers against the switch

``rebuild`` loads a new generation while searches keep using the old one, replays the
journal of concurrent writes, then replaces CURRENT atomically (``os.replace``) and deletes
the old folder. Other processes notice the switch on their next search (one ``stat``).
Only one process can hold tantivy's writer at a time; short write batches retry while the
lock is busy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Iterator

import tantivy

from . import definitions
from . import vietnamese as vi
from .base import Progress, SearchIndex
from .highlight import byte_to_char_offsets, leading_excerpt, mark
from .model import (
    MAX_FACET_VALUES,
    Health,
    Hit,
    IndexedItem,
    Query,
    ResultPage,
    SearchError,
)
from .querytext import Clause, ParsedQuery, effective_sort, parse

FOLDED_FIELDS = (("title_f", 3.0), ("number_f", 4.0), ("meta_f", 1.5), ("body_f", 1.0))
ACCENTED_FIELDS = (("title", 3.0), ("meta", 1.5), ("body", 1.0))
ACCENT_BOOST = 2.0
NOTATION_BOOST = 10.0
PROXIMITY_BOOST = 5.0
ISSUER_BOOST = 8.0  # the words in order in the issuer/type/unit field (as elastic.ISSUER_BOOST)
TEXT_KEYWORD_FIELDS = ("kind", "doc_type", "issuer", "unit", "status")
TITLE_SNIPPET_CHARS = 1000
BODY_SNIPPET_CHARS = 200
WRITER_HEAP = 64_000_000
REBUILD_WRITER_HEAP = 256_000_000
LOCK_WAIT_SECONDS = 30.0
SAMPLE_BUCKETS = 64
SAMPLE_SHARE = 4  # buckets 0-3: facets beyond the count bound are counted on 1/16 of the items
SECOND_SHARE = 16  # then buckets 4-15: a quarter of the items, counted only
_MATCHES = "_matches"
_NO_DAY = 0  # items without a date sort as the oldest


def _analyzer(fold: bool = False) -> tantivy.TextAnalyzer:
    """Split on non-alphanumerics and lowercase (and fold, for the *_f fields).

    What goes into *_f fields is already folded by vietnamese.index_form, so ascii_fold does
    nothing at indexing time; it is there so snippets can be computed on the original text.
    """
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
    if fold:
        builder = builder.filter(tantivy.Filter.ascii_fold())
    return builder.build()


def _schema(definition: definitions.IndexDefinition) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for spec in definition.embedded["fields"]:
        kind = spec["type"]
        if kind == "text":
            builder.add_text_field(
                spec["name"],
                stored=spec.get("stored", False),
                fast=spec.get("fast", False),
                tokenizer_name=spec.get("tokenizer", "default"),
            )
        elif kind == "integer":
            builder.add_integer_field(
                spec["name"],
                stored=spec.get("stored", False),
                indexed=spec.get("indexed", False),
                fast=spec.get("fast", False),
            )
        elif kind == "bytes":
            builder.add_bytes_field(spec["name"], stored=spec.get("stored", False))
        else:  # pragma: no cover - guarded by the definition file
            raise RuntimeError(f"unknown embedded field type {kind!r}")
    return builder.build()


def sample_bucket(item_id: str) -> int:
    """A stable pseudo-random bucket (0 … SAMPLE_BUCKETS-1) of an item, from its id alone.

    A well-mixed hash and not the arrival order (nor CRC32, whose low bits follow the low bits
    of "incoming:41", "incoming:42" …), so a sample is spread over all dates, issuers and
    types alike, whatever the query."""
    digest = hashlib.blake2b(item_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SAMPLE_BUCKETS


def _item_to_json(item: IndexedItem) -> dict[str, Any]:
    data = asdict(item)
    data["readers"] = list(item.readers)
    data["extra"] = dict(item.extra)
    data["date"] = item.date.isoformat() if item.date else None
    return data


def _item_from_json(data: dict[str, Any]) -> IndexedItem:
    data = dict(data)
    data["date"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    return IndexedItem(**data)


class _Generation:
    """One opened tantivy index folder."""

    def __init__(self, path: Path, create: bool) -> None:
        self.path = path
        self.name = path.name
        definition = definitions.load(_version_of(path.name))
        self.version = definition.version
        # v3+: a sampling bucket per item, for facets over more matches than the count bound
        self.sampled = any(spec["name"] == "sample" for spec in definition.embedded["fields"])
        if create:
            path.mkdir(parents=True, exist_ok=False)
            self.schema = _schema(definition)
            order = definition.embedded.get("sort")
            if order:  # v3+: stored newest first, so equal scores go to the newer document
                self.index = tantivy.Index(
                    self.schema,
                    path=str(path),
                    sort_by_field=order["field"],
                    sort_order=tantivy.Order.Desc if order["order"] == "desc" else tantivy.Order.Asc,
                )
            else:
                self.index = tantivy.Index(self.schema, path=str(path))
        else:
            self.index = tantivy.Index.open(str(path))
            self.schema = self.index.schema
        self.analyzer = _analyzer()
        self.fold_analyzer = _analyzer(fold=True)
        self.index.register_tokenizer("vi", self.analyzer)
        self.index.register_tokenizer("vi_fold", self.fold_analyzer)

    def tokens(self, text: str, folded: bool) -> list[str]:
        """Query tokens exactly as the field's own tokenizer produced them at indexing."""
        return (self.fold_analyzer if folded else self.analyzer).analyze(text)


def _version_of(generation: str) -> int:
    # documents-v1-20261125T053600123456
    try:
        return int(generation.split("-")[1].lstrip("v"))
    except (IndexError, ValueError):
        raise SearchError("index_corrupt", f"Thư mục chỉ mục «{generation}» không đúng định dạng.") from None


class EmbeddedIndex(SearchIndex):
    """tantivy-backed :class:`SearchIndex` stored in a local folder."""

    backend = "embedded"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.root = Path(path)
        self._lock = threading.RLock()
        self._current: _Generation | None = None
        self._current_stamp: tuple[int, int] | None = None

    # ------------------------------------------------------------------ layout helpers
    @property
    def _current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def _building_file(self) -> Path:
        return self.root / "BUILDING"

    @contextlib.contextmanager
    def _flock(self) -> Iterator[None]:
        """Cross-process mutex for "write + journal" against "replay + switch"."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _new_generation_name(self) -> str:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        return f"documents-v{definitions.current_version()}-{stamp}"

    def _write_current(self, name: str) -> None:
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(name + "\n", encoding="utf-8")
        os.replace(tmp, self._current_file)

    def _live(self) -> _Generation:
        """The live generation, reopened when CURRENT changed (another process rebuilt)."""
        try:
            st = self._current_file.stat()
        except FileNotFoundError:
            raise SearchError(
                "index_missing",
                "Chưa có chỉ mục tìm kiếm. Hãy chạy lệnh `eoffice reindex` để tạo chỉ mục.",
            ) from None
        stamp = (st.st_mtime_ns, st.st_ino)
        with self._lock:
            if self._current is None or stamp != self._current_stamp:
                name = self._current_file.read_text(encoding="utf-8").strip()
                if self._current is None or self._current.name != name:
                    self._current = _Generation(self.root / name, create=False)
                self._current_stamp = stamp
            return self._current

    # ------------------------------------------------------------------ lifecycle
    def ensure(self) -> None:
        with self._lock, self._flock():
            if self._current_file.exists():
                return
            name = self._new_generation_name()
            _Generation(self.root / name, create=True)
            self._write_current(name)

    def drop(self) -> None:
        with self._lock:
            self._current = None
            self._current_stamp = None
            shutil.rmtree(self.root, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._current = None
            self._current_stamp = None

    # ------------------------------------------------------------------ writing
    def _document(self, generation: _Generation, item: IndexedItem) -> tantivy.Document:
        p = definitions.prepare(item)
        doc = tantivy.Document()
        doc.add_text("id", p.item.id)
        doc.add_text("kind", p.item.kind)
        for name in ("title", "number", "meta", "body"):
            value = getattr(p, name)
            if value:
                doc.add_text(name, value)
                doc.add_text(f"{name}_f", getattr(p, f"{name}_f"))
        for name in ("doc_type", "issuer", "unit", "status"):
            value = getattr(p, name)
            if value:
                doc.add_text(name, value)
        if p.year is not None:
            doc.add_integer("year", p.year)
        doc.add_integer("day", p.item.date.toordinal() if p.item.date else _NO_DAY)
        if generation.sampled:
            doc.add_integer("sample", sample_bucket(p.item.id))
        for reader in p.item.readers:
            doc.add_text("readers", reader)
        if p.item.extra:
            extra = {str(k): vi.nfc(str(v)) for k, v in p.item.extra.items()}
            doc.add_bytes("extra", json.dumps(extra, ensure_ascii=False).encode("utf-8"))
        return doc

    def _open_writer(self, generation: _Generation, heap: int) -> tantivy.IndexWriter:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return generation.index.writer(heap_size=heap, num_threads=1)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise SearchError(
                        "index_busy",
                        "Chỉ mục tìm kiếm đang được một tiến trình khác ghi. Hãy thử lại sau ít phút.",
                        detail=str(exc),
                    ) from exc
                time.sleep(0.05)

    def _apply(self, generation: _Generation, upserts: list[IndexedItem], deletes: list[str]) -> None:
        writer = self._open_writer(generation, WRITER_HEAP)
        try:
            for item_id in deletes:
                writer.delete_documents_by_term("id", item_id)
            for item in upserts:
                writer.delete_documents_by_term("id", item.id)
                writer.add_document(self._document(generation, item))
            writer.commit()
        except Exception:
            writer.rollback()
            raise
        finally:
            del writer

    def _write(self, upserts: list[IndexedItem], deletes: list[str]) -> None:
        with self._lock, self._flock():
            generation = self._live()
            self._apply(generation, upserts, deletes)
            # A rebuild in progress would miss this write: journal it for the replay.
            building = self._building_file
            if building.exists():
                name = building.read_text(encoding="utf-8").strip()
                with open(self.root / f"{name}.journal", "a", encoding="utf-8") as journal:
                    for item_id in deletes:
                        journal.write(json.dumps({"delete": item_id}) + "\n")
                    for item in upserts:
                        journal.write(json.dumps({"upsert": _item_to_json(item)}, ensure_ascii=False) + "\n")

    def upsert(self, items: Iterable[IndexedItem]) -> int:
        batch = [item.validated() for item in items]
        if batch:
            self._write(batch, [])
        return len(batch)

    def delete(self, ids: Iterable[str]) -> None:
        ids = [str(i) for i in ids]
        if ids:
            self._write([], ids)

    def refresh(self) -> None:
        self._live().index.reload()

    def rebuild(self, items: Iterable[IndexedItem], progress: Progress | None = None) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        name = self._new_generation_name()
        generation = _Generation(self.root / name, create=True)
        journal = self.root / f"{name}.journal"
        with self._flock():
            self._building_file.write_text(name + "\n", encoding="utf-8")
        loaded = 0
        try:
            writer = self._open_writer(generation, REBUILD_WRITER_HEAP)
            try:
                seen: set[str] = set()
                for item in items:
                    if item.id in seen:  # first one wins, as with Elasticsearch's "create"
                        continue
                    seen.add(item.id)
                    writer.add_document(self._document(generation, item))
                    loaded += 1
                    if progress and loaded % 1000 == 0:
                        progress(loaded)
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            finally:
                del writer
            with self._lock, self._flock():
                if journal.exists():
                    upserts: dict[str, IndexedItem | None] = {}
                    for line in journal.read_text(encoding="utf-8").splitlines():
                        op = json.loads(line)
                        if "delete" in op:
                            upserts[op["delete"]] = None
                        else:
                            item = _item_from_json(op["upsert"])
                            upserts[item.id] = item
                    self._apply(
                        generation,
                        [i for i in upserts.values() if i is not None],
                        [k for k, v in upserts.items() if v is None],
                    )
                old = (
                    self._current_file.read_text(encoding="utf-8").strip()
                    if self._current_file.exists()
                    else None
                )
                self._write_current(name)
                self._building_file.unlink(missing_ok=True)
                journal.unlink(missing_ok=True)
                self._current = None
                if old and old != name:
                    # Open readers elsewhere keep their memory maps; Linux frees the files later.
                    shutil.rmtree(self.root / old, ignore_errors=True)
        except BaseException:
            with self._flock():
                self._building_file.unlink(missing_ok=True)
                journal.unlink(missing_ok=True)
            shutil.rmtree(self.root / name, ignore_errors=True)
            raise
        if progress:
            progress(loaded)
        return loaded

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        generation = self._live()
        return generation.index.searcher().num_docs

    def health(self) -> Health:
        name = str(self.root)
        try:
            generation = self._live()
            documents = generation.index.searcher().num_docs
        except SearchError as exc:
            return Health(ok=False, backend=self.backend, index=name, message=exc.message)
        except Exception as exc:  # noqa: BLE001 - health must report, not raise
            return Health(
                ok=False,
                backend=self.backend,
                index=name,
                message=f"Không mở được chỉ mục tìm kiếm: {exc}",
            )
        outdated = generation.version < definitions.current_version()
        return Health(
            ok=True,
            backend=self.backend,
            index=generation.name,
            documents=documents,
            needs_rebuild=outdated,
            message="Chỉ mục dùng định nghĩa cũ; hãy chạy `eoffice reindex`." if outdated else "",
        )

    def search(self, query: Query) -> ResultPage:
        query = query.validated()
        parsed = parse(query.text)
        generation = self._live()
        searcher = generation.index.searcher()
        engine_query = self.build_query(generation, query, parsed)
        sort = effective_sort(query, parsed)
        # Counting and facets run on a second thread while the top hits are collected (tantivy
        # releases the GIL), on the unscored query: same matches, no ranking work.
        match_query = self.build_query(generation, query, parsed, scoring=False)
        worth_sampling = generation.sampled and self._sampling_pays(generation, searcher, query, parsed)
        counted = _facet_pool().submit(
            self._count_and_facets, generation, searcher, match_query, query, worth_sampling
        )
        # count=False: the top-k collector alone. tantivy 0.27 skips non-competitive documents
        # (block-max WAND) only for pure unions/intersections of term queries, which our ranked
        # query is not (bench/README.md), so today this saves the exact count, not the scoring.
        if sort == "relevance":
            result = searcher.search(engine_query, limit=query.per_page, offset=query.offset, count=False)
        else:
            result = searcher.search(
                engine_query,
                limit=query.per_page,
                offset=query.offset,
                count=False,
                order_by_field="day",
                order=tantivy.Order.Desc if sort == "date_desc" else tantivy.Order.Asc,
            )
        hits = self._hits(generation, searcher, engine_query, result.hits, scored=sort == "relevance")
        total, facets, estimated = counted.result()
        return ResultPage(
            total=min(total, query.total_bound),
            hits=hits,
            page=query.page,
            per_page=query.per_page,
            facets=facets,
            total_is_lower_bound=total > query.total_bound,
            facets_are_estimates=estimated,
        )

    def _count_and_facets(
        self,
        generation: _Generation,
        searcher: tantivy.Searcher,
        match_query: tantivy.Query,
        query: Query,
        sample: bool,
    ) -> tuple[int, dict[str, list[tuple[Any, int]]], bool]:
        """The number of matches (exact up to ``query.total_bound``) and the facets.

        Counting every match of a broad word costs as much as scoring it, so the matches are
        counted on growing shares of the sample buckets (1/16, then 1/4) first: once a share
        alone holds more than the bound, the total is certainly more than the bound (a lower
        bound, never a guess) and the facets are the share's counts scaled up. Otherwise one
        full pass counts and facets everything exactly (at most 1.25 passes in all).
        """
        names = tuple(query.facets)
        bound = query.total_bound
        if sample:
            first = self._sample(generation, match_query, 0, SAMPLE_SHARE)
            seen, facets = self._facets(searcher, first, names)
            if seen > bound:
                return seen, _scaled(facets, SAMPLE_BUCKETS / SAMPLE_SHARE), True
            second = self._sample(generation, match_query, SAMPLE_SHARE, SECOND_SHARE)
            seen += searcher.search(second, limit=1, count=True).count or 0
            if seen > bound:
                return seen, _scaled(facets, SAMPLE_BUCKETS / SAMPLE_SHARE), True
        total, facets = self._facets(searcher, match_query, names)
        return total, facets, False

    @staticmethod
    def _sampling_pays(generation: _Generation, searcher: tantivy.Searcher, query: Query, parsed: ParsedQuery) -> bool:
        """Whether counting on the sample is likely cheaper than counting the matches outright.

        The term statistics give, in microseconds, a ceiling on the matches: the rarest word of
        each clause (over its fields), each filter's values, the caller's principals. A full
        count walks about that many documents; the first sample share walks 1/16 of the index
        and proves the bound when it holds more than the bound. Sampling is chosen when, with
        a margin of two, the first share would prove the bound and walk less than the full count.
        """
        ceiling = searcher.num_docs
        fields = [name for name, _ in FOLDED_FIELDS]
        for clause in parsed.positive:
            for token in generation.tokens(vi.index_form(clause.text), folded=True):
                ceiling = min(ceiling, sum(searcher.doc_freq(name, token) for name in fields))
        required: dict[str, list[Any]] = {"readers": [str(p) for p in query.principals]}
        if query.kinds is not None:
            required["kind"] = list(query.kinds)
        required.update(query.normalized_filters())
        for name, values in required.items():
            ceiling = min(ceiling, sum(searcher.doc_freq(name, value) for value in values))
        share = SAMPLE_SHARE / SAMPLE_BUCKETS
        return ceiling > 2 * max(query.total_bound / share, searcher.num_docs * share)

    @staticmethod
    def _sample(generation: _Generation, match_query: tantivy.Query, first: int, end: int) -> tantivy.Query:
        # A term set (posting lists) rather than a range on the fast field: the engine then
        # walks the small sample and seeks into the matches instead of the other way round.
        buckets = tantivy.Query.term_set_query(generation.schema, "sample", list(range(first, end)))
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, buckets), (tantivy.Occur.Must, match_query)])

    # The query is public so the benchmark can time the raw engine on exactly the same query.
    def build_query(
        self, generation: _Generation | None, query: Query, parsed: ParsedQuery, scoring: bool = True
    ) -> tantivy.Query:
        """The engine query. ``scoring=False`` leaves out the optional ranking clauses (same
        matches, less work): that is the query facets are counted on."""
        generation = generation or self._live()
        schema = generation.schema
        Q = tantivy.Query
        must: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if parsed.match_all:
            must.append((tantivy.Occur.Must, Q.all_query()))
        for clause in parsed.positive:
            must.append(
                (tantivy.Occur.Must, self._clause_query(generation, clause, FOLDED_FIELDS, folded=True))
            )
            if clause.accented and scoring:
                # Phrases: accent boost on the short fields only; a second phrase pass over
                # every body doubles the cost of common phrases for little ranking gain.
                fields = ACCENTED_FIELDS if not clause.phrase else ACCENTED_FIELDS[:2]
                accented = self._clause_query(generation, clause, fields, folded=False)
                if accented is not None:
                    must.append((tantivy.Occur.Should, Q.boost_query(accented, ACCENT_BOOST)))
        for clause in parsed.negative:
            fields = ACCENTED_FIELDS if clause.accented else FOLDED_FIELDS
            excluded = self._clause_query(generation, clause, fields, folded=not clause.accented)
            if excluded is not None:
                must.append((tantivy.Occur.MustNot, excluded))
        if parsed.notation_tokens and scoring:
            must.append(
                (
                    tantivy.Occur.Should,
                    Q.boost_query(
                        self._terms_query(schema, "number_f", list(parsed.notation_tokens), True),
                        NOTATION_BOOST,
                    ),
                )
            )
        if parsed.proximity_tokens and scoring:
            for field, boost in (("title_f", PROXIMITY_BOOST), ("meta_f", ISSUER_BOOST)):
                must.append(
                    (
                        tantivy.Occur.Should,
                        Q.boost_query(self._terms_query(schema, field, list(parsed.proximity_tokens), True), boost),
                    )
                )
        for filter_query in self._filters(schema, query):
            must.append((tantivy.Occur.Must, Q.const_score_query(filter_query, 0.0)))
        return Q.boolean_query(must)

    @staticmethod
    def _terms_query(schema: tantivy.Schema, field: str, tokens: list[str], phrase: bool) -> tantivy.Query:
        if len(tokens) == 1:
            return tantivy.Query.term_query(schema, field, tokens[0])
        if phrase:
            return tantivy.Query.phrase_query(schema, field, tokens)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.term_query(schema, field, t)) for t in tokens]
        )

    def _clause_query(
        self,
        generation: _Generation,
        clause: Clause,
        fields: tuple[tuple[str, float], ...],
        folded: bool,
    ) -> tantivy.Query | None:
        text = vi.index_form(clause.text) if folded else clause.text
        tokens = generation.tokens(text, folded)
        if not tokens:
            return None
        parts = [
            tantivy.Query.boost_query(self._terms_query(generation.schema, field, tokens, True), boost)
            for field, boost in fields
        ]
        return tantivy.Query.disjunction_max_query(parts, tie_breaker=0.2)

    @staticmethod
    def _filters(schema: tantivy.Schema, query: Query) -> list[tantivy.Query]:
        Q = tantivy.Query
        principals = [str(p) for p in query.principals]
        filters = [Q.term_set_query(schema, "readers", principals) if principals else Q.empty_query()]
        if query.kinds is not None:
            filters.append(
                Q.term_set_query(schema, "kind", list(query.kinds)) if query.kinds else Q.empty_query()
            )
        for key, values in query.normalized_filters().items():
            filters.append(Q.term_set_query(schema, key, values) if values else Q.empty_query())
        if query.date_from or query.date_to:
            filters.append(
                Q.range_query(
                    schema,
                    "day",
                    tantivy.FieldType.Integer,
                    query.date_from.toordinal() if query.date_from else _NO_DAY + 1,
                    query.date_to.toordinal() if query.date_to else None,
                )
            )
        return filters

    def _hits(
        self,
        generation: _Generation,
        searcher: tantivy.Searcher,
        engine_query: tantivy.Query,
        raw_hits: list[tuple[Any, tantivy.DocAddress]],
        scored: bool,
    ) -> list[Hit]:
        if not raw_hits:
            return []
        title_snippets = tantivy.SnippetGenerator.create(searcher, engine_query, generation.schema, "title_f")
        title_snippets.set_max_num_chars(TITLE_SNIPPET_CHARS)
        body_snippets = tantivy.SnippetGenerator.create(searcher, engine_query, generation.schema, "body_f")
        body_snippets.set_max_num_chars(BODY_SNIPPET_CHARS)
        hits = []
        for score, address in raw_hits:
            doc = searcher.doc(address).to_dict()
            title = _first(doc, "title") or ""
            body = _first(doc, "body") or ""
            highlights = {
                "title": _snippet(title_snippets, "title_f", title, whole=True),
                "body": _snippet(body_snippets, "body_f", body, whole=False),
            }
            day = _first(doc, "day")
            extra_raw = _first(doc, "extra")
            hits.append(
                Hit(
                    id=_first(doc, "id"),
                    kind=_first(doc, "kind"),
                    title=title,
                    score=float(score) if scored else None,
                    number=_first(doc, "number") or "",
                    date=dt.date.fromordinal(day) if day and day != _NO_DAY else None,
                    doc_type=_first(doc, "doc_type") or "",
                    issuer=_first(doc, "issuer") or "",
                    unit=_first(doc, "unit") or "",
                    year=_first(doc, "year"),
                    status=_first(doc, "status") or "",
                    highlights=highlights,
                    extra=json.loads(bytes(extra_raw).decode("utf-8")) if extra_raw else {},
                )
            )
        return hits

    @staticmethod
    def _facets(
        searcher: tantivy.Searcher, engine_query: tantivy.Query, names: Iterable[str]
    ) -> tuple[int, dict[str, list[tuple[Any, int]]]]:
        """The number of matches and the facet counts, in one pass over the matches."""
        aggs: dict[str, Any] = {name: {"terms": {"field": name, "size": MAX_FACET_VALUES}} for name in names}
        aggs[_MATCHES] = {"value_count": {"field": "day"}}  # every item has a day (0 without a date)
        result = searcher.aggregate(engine_query, aggs)
        facets: dict[str, list[tuple[Any, int]]] = {}
        for name in names:
            buckets = result.get(name, {}).get("buckets", [])
            values = [
                (int(b["key"]) if name == "year" else b["key"], int(b["doc_count"]))
                for b in buckets
                if b.get("doc_count")
            ]
            facets[name] = sorted(values, key=lambda kv: (-kv[1], str(kv[0])))
        return int(result.get(_MATCHES, {}).get("value") or 0), facets


def _scaled(facets: dict[str, list[tuple[Any, int]]], factor: float) -> dict[str, list[tuple[Any, int]]]:
    return {name: [(value, max(1, round(n * factor))) for value, n in values] for name, values in facets.items()}


_POOL: tuple[int, ThreadPoolExecutor] | None = None
_POOL_LOCK = threading.Lock()


def _facet_pool() -> ThreadPoolExecutor:
    """A small per-process pool (re-created after fork) for facet aggregations."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL[0] != os.getpid():
            _POOL = (os.getpid(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-facets"))
        return _POOL[1]


def _first(doc: dict[str, list[Any]], name: str) -> Any:
    values = doc.get(name)
    return values[0] if values else None


def _snippet(generator: tantivy.SnippetGenerator, field: str, text: str, whole: bool) -> str:
    """Highlight the original ``text`` with the matches of the folded field's query terms.

    The folded field's tokenizer folds too, so it can tokenize the original text and report
    offsets in it directly; no folded copy is stored or computed per hit.
    """
    if not text:
        return ""
    snippet = generator.snippet_from_doc(tantivy.Document(**{field: text}))
    ranges = snippet.highlighted()
    if not ranges:
        return mark(text, []) if whole else leading_excerpt(text, BODY_SNIPPET_CHARS)
    fragment = snippet.fragment_range()
    base = fragment.start
    points = byte_to_char_offsets(
        text, [base] + [base + r.start for r in ranges] + [base + r.end for r in ranges] + [fragment.end]
    )
    start, end = points[0], points[-1]
    n = len(ranges)
    spans = list(zip(points[1 : 1 + n], points[1 + n : 1 + 2 * n]))
    if whole:
        return mark(text, spans)
    fragment_text = text[start:end]
    html = mark(fragment_text, [(a - start, b - start) for a, b in spans])
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + html.strip() + suffix
