#!/usr/bin/env python3
"""Search benchmark: index a synthetic Vietnamese office corpus, time queries per backend.

    .venv/bin/python bench/search.py                         # 200,000 docs, embedded backend
    .venv/bin/python bench/search.py --backend all --es-url http://127.0.0.1:9200
    .venv/bin/python bench/search.py --docs 1000000 --queries 300

The corpus is reproducible (seeded RNG) and built from real vocabulary: document types with
their Decree 30 abbreviations, provincial departments and commune people's committees,
subjects (trích yếu) and bodies assembled from the phrases official documents use. A share of
the documents use the modern tone placement ("hoà", "thuỷ") and some text arrives decomposed
(NFD), as it does from PDFs.

For each backend it prints indexing throughput and p50/p95 latency of five query families
(1 term, 2 terms, a quoted phrase, a number/notation lookup, a filtered query), each run
through the service call (``SearchIndex.search``, the whole thing the app pays for: parsing,
permission filter, count, five facets, 20 hits with highlights) and through the raw engine
doing the same job on the very same engine query: for tantivy searcher.search + aggregate (on a
second thread, as the service does) + stored-doc fetch + its own SnippetGenerator HTML for
title and body; for Elasticsearch the bare
client call with the request body our layer builds (the server-side ``took`` is shown too).
The ratio service / raw (of medians) is what our layer costs on top of the engine (target ≤ 1.3).
*exact* is the raw engine doing the job as it was before the count bound (every match scored,
counted and faceted), timed in the same run on the same queries: what the bound buys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import IndexedItem, Query, SearchIndex, open_index  # noqa: E402
from search.querytext import parse  # noqa: E402
from bench.timing import percentile  # noqa: E402

DOC_TYPES = [
    ("Quyết định", "QĐ"),
    ("Công văn", None),
    ("Kế hoạch", "KH"),
    ("Báo cáo", "BC"),
    ("Thông báo", "TB"),
    ("Tờ trình", "TTr"),
    ("Giấy mời", "GM"),
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Hướng dẫn", "HD"),
    ("Biên bản", "BB"),
    ("Công điện", "CĐ"),
    ("Chương trình", "CTr"),
    ("Đề án", "ĐA"),
    ("Hợp đồng", "HĐ"),
]
DOC_TYPE_WEIGHTS = [18, 30, 10, 12, 8, 6, 6, 2, 1, 2, 2, 1, 1, 0.5, 0.5]
PROVINCE = "Phú Yên"
COMMUNES = [
    "Đông Hòa",
    "Hòa Hiệp Bắc",
    "Hòa Hiệp Nam",
    "Hòa Xuân Tây",
    "Hòa Tâm",
    "Sơn Thành Đông",
    "Tuy An Bắc",
    "Ô Loan",
    "An Mỹ",
    "Xuân Cảnh",
    "Xuân Lộc",
    "Sông Cầu",
    "Phú Hòa",
    "Tây Hòa",
    "Sơn Hòa",
    "Đồng Xuân",
    "Tuy Hòa",
    "Bình Kiến",
    "Hòa Thịnh",
    "Hòa Mỹ",
    "Ea Trol",
    "Sông Hinh",
    "Đức Bình",
    "Thủy Xuân",
    "Cà Lúi",
    "Phước Tân",
    "Xuân Thọ",
    "Hòa Quang",
    "An Ninh",
    "Đa Lộc",
]
DEPARTMENTS = [
    ("Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "STC"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Tư pháp", "STP"),
    ("Thanh tra tỉnh", "TTr"),
    ("Công an tỉnh", "CAT"),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS"),
    ("Văn phòng UBND tỉnh", "VP"),
]
UNITS = [
    "Văn phòng HĐND và UBND",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Bộ phận Một cửa",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Nội vụ",
    "Trạm Y tế",
    "Công an xã",
    "Ban Chỉ huy Quân sự",
]
STATUSES = ["Mới đến", "Đang xử lý", "Chờ ý kiến", "Đã xử lý", "Đã ban hành", "Lưu hồ sơ"]
VERBS = [
    "về việc phê duyệt",
    "về việc triển khai",
    "về việc tăng cường",
    "về việc kiện toàn",
    "về việc ban hành",
    "về việc tổ chức",
    "về việc hướng dẫn thực hiện",
    "về việc báo cáo",
    "về việc đề nghị",
    "về việc giao chỉ tiêu",
    "về việc điều chỉnh",
    "về việc kiểm tra",
    "về việc tổng kết",
    "về việc góp ý dự thảo",
    "về việc thành lập",
]
TOPICS = [
    "kế hoạch phát triển kinh tế - xã hội năm {year}",
    "công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    "chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "chuyển đổi số và cải cách hành chính",
    "công tác quản lý, sử dụng đất đai",
    "dự toán ngân sách nhà nước năm {year}",
    "phòng, chống dịch bệnh trên cây trồng, vật nuôi",
    "công tác tuyển quân năm {year}",
    "thu hồi đất để thực hiện dự án đường giao thông liên xã",
    "hỗ trợ hộ nghèo, hộ cận nghèo",
    "kiểm tra an toàn vệ sinh thực phẩm dịp Tết Nguyên đán",
    "sửa chữa trường mầm non",
    "nạo vét kênh mương thủy lợi vụ đông xuân",
    "bảo vệ và phát triển rừng",
    "tổ chức Đại hội thể dục thể thao",
    "tiếp công dân và giải quyết khiếu nại, tố cáo",
    "chi trả chế độ bảo hiểm xã hội",
    "công tác văn thư, lưu trữ",
    "quy hoạch sử dụng đất đến năm 2030",
    "xây dựng chính quyền điện tử",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "khám sức khỏe định kỳ cho cán bộ",
    "phòng cháy, chữa cháy rừng mùa khô",
    "hòa giải ở cơ sở",
    "an toàn giao thông đường bộ",
    "bồi thường, hỗ trợ và tái định cư",
    "đào tạo, bồi dưỡng cán bộ, công chức",
    "thủy lợi phí và nước sạch nông thôn",
    "đăng ký hộ tịch trực tuyến",
    "hỗ trợ khắc phục hậu quả bão lũ",
]
BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Nghị định số 118/2025/NĐ-CP của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa;",
    "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
    "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;",
]
SENTENCES = [
    "Giao {unit} chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện.",
    "Các thôn, khu phố rà soát, tổng hợp số liệu gửi về {unit} trước ngày {day} tháng {month} năm {year}.",
    "Kinh phí thực hiện từ nguồn ngân sách xã và các nguồn huy động hợp pháp khác.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, báo cáo Chủ tịch Ủy ban nhân dân xã để xem xét, giải quyết.",
    "Thủ trưởng các cơ quan, đơn vị và cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
    "Quyết định này có hiệu lực kể từ ngày ký.",
    "Yêu cầu các đơn vị nghiêm túc thực hiện, báo cáo kết quả đúng thời hạn quy định.",
    "Tăng cường công tác tuyên truyền để Nhân dân hiểu, đồng thuận và tích cực hưởng ứng.",
    "Kiện toàn Ban Chỉ đạo, phân công nhiệm vụ cụ thể cho từng thành viên.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, thực hiện dịch vụ công trực tuyến toàn trình.",
    "Tổ chức kiểm tra, giám sát việc thực hiện tại các thôn, khu phố.",
    "Bảo đảm an toàn tuyệt đối về người và tài sản của Nhân dân, hạn chế thấp nhất thiệt hại do thiên tai gây ra.",
    "Văn phòng HĐND và UBND xã theo dõi, đôn đốc, tổng hợp kết quả thực hiện.",
    "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể phối hợp thực hiện.",
    "Ưu tiên hỗ trợ các hộ gia đình chính sách, hộ nghèo, người cao tuổi neo đơn.",
    "Chủ tịch Ủy ban nhân dân xã yêu cầu thực hiện nghiêm túc nội dung Công văn này.",
]
MODERN = {"hòa": "hoà", "Hòa": "Hoà", "thủy": "thuỷ", "khỏe": "khoẻ", "ủy": "uỷ", "Ủy": "Uỷ"}


class Corpus:
    """Deterministic generator of ``n`` IndexedItem for a given seed."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.seed = seed
        self.numbers: list[str] = []  # a sample of real numbers, for lookup queries

    def items(self) -> Iterator[IndexedItem]:
        rng = random.Random(self.seed)
        counters: dict[tuple[str, int], int] = {}
        start = dt.date(2019, 1, 1)
        for i in range(self.n):
            date = start + dt.timedelta(days=int(i * 8 * 365 / self.n))
            year = date.year
            doc_type, abbr = rng.choices(DOC_TYPES, DOC_TYPE_WEIGHTS)[0]
            if rng.random() < 0.6:
                commune = rng.choice(COMMUNES)
                issuer = f"UBND xã {commune}"
                agency_code = "UBND"
            else:
                commune = rng.choice(COMMUNES)
                issuer, agency_code = rng.choice(DEPARTMENTS)
            key = (issuer, year)
            counters[key] = counters.get(key, 0) + 1
            seq = counters[key]
            if abbr:
                number = f"{seq:02d}/{abbr}-{agency_code}"
            else:
                number = f"{seq:02d}/{agency_code}-{rng.choice(['VP', 'KT', 'VHXH', 'TCKH'])}"
            topic = rng.choice(TOPICS).format(year=year)
            title = f"{doc_type} {rng.choice(VERBS)} {topic} trên địa bàn xã {commune}"
            unit = rng.choice(UNITS)
            body_parts = rng.sample(BASES, 2) + [
                f"Xét đề nghị của Trưởng {unit}.",
                f"Điều 1. {title[0].upper() + title[1:]}.",
            ]
            for _ in range(rng.randint(4, 10)):
                body_parts.append(
                    rng.choice(SENTENCES).format(
                        unit=rng.choice(UNITS), day=rng.randint(1, 28), month=rng.randint(1, 12), year=year
                    )
                )
            body_parts.append(f"Nơi nhận: như Điều 3; lưu VT, {unit}.")
            body = " ".join(body_parts)
            if rng.random() < 0.3:  # modern tone placement in a share of the documents
                for old, new in MODERN.items():
                    title = title.replace(old, new)
                    body = body.replace(old, new)
            if rng.random() < 0.1:  # decomposed text, as extracted from some PDFs
                body = unicodedata.normalize("NFD", body)
            roll = rng.random()
            if roll < 0.6:
                readers = ["all"]
            elif roll < 0.9:
                readers = [f"unit:{rng.randint(1, 12)}", f"user:{rng.randint(1, 400)}"]
            else:
                readers = [f"user:{rng.randint(1, 400)}"]
            if i % max(1, self.n // 2000) == 0:
                self.numbers.append(number)
            yield IndexedItem(
                id=f"{rng.choice(['incoming', 'outgoing'])}:{i}",
                kind="incoming" if i % 3 else "outgoing",
                title=title,
                number=number,
                body=body,
                doc_type=doc_type,
                issuer=issuer,
                unit=unit,
                year=year,
                status=rng.choice(STATUSES),
                date=date,
                readers=readers,
            )


ONE_TERM = [
    "thiên",
    "tai",
    "chuyen",
    "kế",
    "ngân",
    "rừng",
    "thuy",
    "hòa",
    "bão",
    "hộ",
    "dat",
    "nghèo",
    "truong",
    "xã",
    "quyết",
]
TWO_TERMS = [
    "phòng chống",
    "kinh te",
    "nông thôn",
    "chuyển đổi",
    "thiên tai",
    "ngân sách",
    "hộ nghèo",
    "giao thông",
    "thuy loi",
    "sức khoẻ",
    "đất đai",
    "dong hoa",
    "tuyển quân",
    "hòa giải",
    "văn thư",
]
PHRASES = [
    '"chuyển đổi số"',
    '"phòng chống thiên tai"',
    '"nong thon moi"',
    '"ngân sách nhà nước"',
    '"đường giao thông liên xã"',
    '"dịch vụ công trực tuyến"',
    '"xã đông hoà"',
    '"quyền sử dụng đất"',
]
PRINCIPALS = ["user:17", "unit:3", "all"]


def query_families(corpus: Corpus, rng: random.Random) -> dict[str, Callable[[], Query]]:
    def number_variant() -> str:
        number = rng.choice(corpus.numbers)
        style = rng.randrange(3)
        if style == 0:
            return number
        if style == 1:
            return number.lower()
        return " ".join(number.replace("/", " ").replace("-", " ").split())

    return {
        "1-term": lambda: Query(text=rng.choice(ONE_TERM), principals=PRINCIPALS),
        "2-term": lambda: Query(text=rng.choice(TWO_TERMS), principals=PRINCIPALS),
        "phrase": lambda: Query(text=rng.choice(PHRASES), principals=PRINCIPALS),
        "number": lambda: Query(text=number_variant(), principals=PRINCIPALS),
        "filtered": lambda: Query(
            text=rng.choice(TWO_TERMS),
            principals=PRINCIPALS,
            filters={"doc_type": [rng.choice(DOC_TYPES)[0]], "year": [rng.randint(2019, 2026)]},
            date_from=dt.date(2019, 1, 1),
            date_to=dt.date(2026, 12, 31),
            sort="date_desc",
        ),
    }


_RAW_POOL = ThreadPoolExecutor(max_workers=2)


def _raw_snippets(searcher: Any, engine_query: Any, schema: Any, hits: list) -> None:
    """Stored docs and tantivy's own snippet HTML for title and body, as the page shows them."""
    import tantivy

    titles = tantivy.SnippetGenerator.create(searcher, engine_query, schema, "title_f")
    titles.set_max_num_chars(1000)
    bodies = tantivy.SnippetGenerator.create(searcher, engine_query, schema, "body_f")
    bodies.set_max_num_chars(200)
    for _, address in hits:
        doc = searcher.doc(address)
        titles.snippet_from_doc(tantivy.Document(title_f=doc.get_first("title") or "")).to_html()
        bodies.snippet_from_doc(tantivy.Document(body_f=doc.get_first("body") or "")).to_html()


def raw_embedded(index: Any) -> Callable[[Query], float]:
    """Time tantivy itself on the engine queries our layer builds: the same job, no layer.

    On a second thread, the unscored query counted and faceted on 1/16 of the sample buckets,
    counted on the next 3/16, then (if the bound is not passed yet) counted and faceted in full;
    top-k alone on the scored query; stored docs and tantivy's own snippet HTML for title/body."""
    import tantivy

    from search.embedded import SAMPLE_SHARE, SECOND_SHARE
    from search.querytext import effective_sort

    def count_and_facets(
        searcher: Any, match_query: Any, first: Any, second: Any, aggs: dict, bound: int, sample: bool
    ) -> None:
        if not sample:
            searcher.aggregate(match_query, aggs)
            return
        seen = searcher.aggregate(first, aggs)["n"]["value"]
        if seen > bound:
            return
        seen += searcher.search(second, limit=1, count=True).count
        if seen <= bound:
            searcher.aggregate(match_query, aggs)

    def run(query: Query) -> float:
        parsed = parse(query.text)
        generation = index._live()
        engine_query = index.build_query(generation, query, parsed)
        aggs: dict[str, Any] = {name: {"terms": {"field": name, "size": 50}} for name in query.facets}
        aggs["n"] = {"value_count": {"field": "day"}}
        sort = effective_sort(query, parsed)
        match_query = index.build_query(generation, query, parsed, scoring=False)
        first = index._sample(generation, match_query, 0, SAMPLE_SHARE)
        second = index._sample(generation, match_query, SAMPLE_SHARE, SECOND_SHARE)
        sample = index._sampling_pays(generation, generation.index.searcher(), query, parsed)  # our layer's choice
        t0 = time.perf_counter()
        searcher = generation.index.searcher()
        facets = _RAW_POOL.submit(
            count_and_facets, searcher, match_query, first, second, aggs, query.total_bound, sample
        )
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
        _raw_snippets(searcher, engine_query, generation.schema, result.hits)
        facets.result()
        return time.perf_counter() - t0

    return run


def raw_embedded_exact(index: Any) -> Callable[[Query], float]:
    """Before the bound (the baseline of the same run): tantivy scoring and counting every
    match exactly, and the five facets over every match on a second thread."""
    import tantivy

    from search.querytext import effective_sort

    def run(query: Query) -> float:
        parsed = parse(query.text)
        generation = index._live()
        engine_query = index.build_query(generation, query, parsed)
        match_query = index.build_query(generation, query, parsed, scoring=False)
        aggs = {name: {"terms": {"field": name, "size": 50}} for name in query.facets}
        order = {}
        if effective_sort(query, parsed) != "relevance":
            order = {"order_by_field": "day", "order": tantivy.Order.Desc if query.sort == "date_desc" else tantivy.Order.Asc}
        t0 = time.perf_counter()
        searcher = generation.index.searcher()
        facets = _RAW_POOL.submit(searcher.aggregate, match_query, aggs)
        result = searcher.search(engine_query, limit=query.per_page, offset=query.offset, count=True, **order)
        _raw_snippets(searcher, engine_query, generation.schema, result.hits)
        facets.result()
        return time.perf_counter() - t0

    return run


def raw_elasticsearch_exact(index: Any) -> Callable[[Query], float]:
    """Before the bound: one request with an exact total and exact facets over every match."""

    def run(query: Query) -> float:
        parsed = parse(query.text)
        body = index.build_request(query, parsed)
        body["track_total_hits"] = True
        body["aggs"] = index.facet_request(query, parsed)["aggs"]
        t0 = time.perf_counter()
        index.es.search(index=index.alias, **body)
        return time.perf_counter() - t0

    return run


TOOK: list[float] = []


def raw_elasticsearch(index: Any) -> Callable[[Query], float]:
    """The client calls alone on the request bodies our layer builds (server "took" kept too):
    the search, and the exact-facets request when the total is within the bound."""

    def run(query: Query) -> float:
        parsed = parse(query.text)
        body = index.build_request(query, parsed)
        facet_body = index.facet_request(query, parsed)
        t0 = time.perf_counter()
        response = index.es.search(index=index.alias, **body)
        took = response["took"]
        if response["hits"]["total"]["relation"] == "eq" and query.facets:  # exact facets, as the service
            took += index.es.search(index=index.alias, **facet_body)["took"]
        elapsed = time.perf_counter() - t0
        TOOK.append(took / 1000.0)
        return elapsed

    return run


def load(name: str, index: SearchIndex, corpus: Corpus, reuse: bool) -> None:
    """Index the corpus, or with ``reuse`` keep an index of the same size and definition.

    The corpus is seeded, so an index of ``corpus.n`` documents built by an earlier run with
    the same seed holds the same documents; only the sample of numbers must be regenerated."""
    if reuse:
        health = index.health()
        if health.ok and not health.needs_rebuild and health.documents == corpus.n:
            for _ in corpus.items():  # fills corpus.numbers, as indexing would
                pass
            print(f"\n=== {name}: reusing {health.index} ({corpus.n:,} documents) ===", flush=True)
            return
        print(f"\n=== {name}: nothing to reuse ({health.message or health.documents}) ===", flush=True)
    print(f"\n=== {name}: indexing {corpus.n:,} documents ===", flush=True)
    t0 = time.perf_counter()
    last = [t0]

    def progress(done: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 15:
            print(f"  {done:,} docs, {done / (now - t0):,.0f} docs/s", flush=True)
            last[0] = now

    loaded = index.rebuild(corpus.items(), progress=progress)
    index.refresh()
    elapsed = time.perf_counter() - t0
    print(f"indexed {loaded:,} docs in {elapsed:.1f} s = {loaded / elapsed:,.0f} docs/s")


def bench_backend(
    name: str, index: SearchIndex, corpus: Corpus, queries: int, seed: int, reuse: bool = False
) -> None:
    load(name, index, corpus, reuse)
    if queries <= 0:
        return
    if name == "embedded":
        size = sum(f.stat().st_size for f in Path(index.root).rglob("*") if f.is_file())  # type: ignore[attr-defined]
        print(f"index size on disk: {size / 1e6:,.0f} MB")
        raw = raw_embedded(index)
        exact = raw_embedded_exact(index)
    else:
        stats = index.es.indices.stats(index=index.alias)  # type: ignore[attr-defined]
        print(f"index size on disk: {stats['_all']['primaries']['store']['size_in_bytes'] / 1e6:,.0f} MB")
        raw = raw_elasticsearch(index)
        exact = raw_elasticsearch_exact(index)
    rng = random.Random(seed + 1)
    families = query_families(corpus, rng)
    extra = f" {'took p50':>9}" if name != "embedded" else ""
    print(
        f"\n{'family':<10} {'service p50':>11} {'p95':>8} {'raw p50':>9} {'p95':>8} {'ratio':>6} {'avg total':>9} {'>bound':>6} {'exact p50':>9} {'p95':>8}{extra}"
    )
    for family, make in families.items():
        batch = [make() for _ in range(queries)]
        for q in batch[:10]:  # warm caches
            index.search(q)
            raw(q)
            exact(q)
        TOOK.clear()
        service: list[float] = []
        engine: list[float] = []
        before: list[float] = []
        totals: list[int] = []
        bounded = 0
        for q in batch:
            t = time.perf_counter()
            page = index.search(q)
            service.append(time.perf_counter() - t)
            totals.append(page.total)
            bounded += page.total_is_lower_bound
            engine.append(raw(q))
            before.append(exact(q))
        ratio = statistics.median(service) / max(statistics.median(engine), 1e-9)
        print(
            f"{family:<10} {percentile(service, 50) * 1e3:>9.1f}ms {percentile(service, 95) * 1e3:>6.1f}ms"
            f" {percentile(engine, 50) * 1e3:>7.1f}ms {percentile(engine, 95) * 1e3:>6.1f}ms"
            f" {ratio:>6.2f} {statistics.mean(totals):>9,.0f} {bounded / len(batch):>6.0%}"
            f" {percentile(before, 50) * 1e3:>7.1f}ms {percentile(before, 95) * 1e3:>6.1f}ms"
            + (f" {percentile(TOOK, 50) * 1e3:>7.1f}ms" if TOOK else ""),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--backend", choices=["embedded", "elasticsearch", "all"], default="embedded")
    parser.add_argument("--queries", type=int, default=200, help="queries per family")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--dir", help="embedded index folder (default: a temporary folder, removed after)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the index in --dir / under --es-prefix if it already holds --docs documents of the"
        " current definition (otherwise build it); the index is kept after the run",
    )
    parser.add_argument("--es-prefix", help="Elasticsearch index prefix (default: bench-<random>, dropped after)")
    parser.add_argument(
        "--es-url",
        default=os.environ.get("EOFFICE_TEST_ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
        help="Elasticsearch URL (a bench-<random> prefix is added; the index is dropped after)",
    )
    args = parser.parse_args()
    print(f"corpus: {args.docs:,} synthetic documents, seed {args.seed}; {args.queries} queries per family")
    backends = ["embedded", "elasticsearch"] if args.backend == "all" else [args.backend]
    for backend in backends:
        corpus = Corpus(args.docs, args.seed)
        if backend == "embedded":
            folder = args.dir or tempfile.mkdtemp(prefix="eoffice-bench-search-")
            index = open_index(f"embedded://{Path(folder).resolve()}")
            try:
                bench_backend(backend, index, corpus, args.queries, args.seed, args.reuse)
            finally:
                if not args.dir:
                    shutil.rmtree(folder, ignore_errors=True)
        else:
            base = args.es_url.rstrip("/")
            sep = "&" if "?" in base else "/?"
            prefix = args.es_prefix or f"bench-{uuid.uuid4().hex[:8]}"
            index = open_index(f"{base}{sep}prefix={prefix}&timeout=120")
            try:
                bench_backend(backend, index, corpus, args.queries, args.seed, args.reuse)
            finally:
                if not (args.reuse and args.es_prefix):
                    index.drop()


if __name__ == "__main__":
    main()
