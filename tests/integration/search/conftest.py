"""Both search backends behind one fixture, so every behaviour is proven on each.

The Elasticsearch parameter talks to the real server that scripts/test.sh starts (URL in
EOFFICE_TEST_ELASTICSEARCH_URL). Without it the test FAILS rather than skips: a green run
must mean both backends were exercised.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
import uuid
from typing import Iterator

import pytest

from search import IndexedItem, SearchIndex, open_index

BACKENDS = [
    pytest.param("embedded", id="embedded"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


def elasticsearch_url() -> str:
    url = os.environ.get("EOFFICE_TEST_ELASTICSEARCH_URL", "").strip()
    if not url:
        pytest.fail(
            "EOFFICE_TEST_ELASTICSEARCH_URL is not set: run the suite with scripts/test.sh, or start "
            "a server with `scripts/services/elasticsearch.sh start /tmp/eoffice-es` and export "
            "EOFFICE_TEST_ELASTICSEARCH_URL=http://127.0.0.1:9200"
        )
    return url


def new_index(backend: str, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    if backend == "embedded":
        return open_index(f"embedded://{tmp_path_factory.mktemp('search-index')}")
    base = elasticsearch_url().rstrip("/")
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    separator = "&" if "?" in base else "/?"
    return open_index(f"{base}{separator}prefix={prefix}")


@pytest.fixture(params=BACKENDS)
def empty_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    """A fresh, created, empty index (function scope: for tests that write)."""
    index = new_index(request.param, tmp_path_factory)
    index.ensure()
    try:
        yield index
    finally:
        index.drop()
        index.close()


def item(id: str, title: str, **fields: object) -> IndexedItem:
    fields.setdefault("readers", ["all"])
    fields.setdefault("kind", id.split(":")[0])
    return IndexedItem(id=id, title=title, **fields)  # type: ignore[arg-type]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def office_corpus() -> list[IndexedItem]:
    """A small office: decisions, plans, reports, one confidential decision, a unit task."""
    items = [
        item(
            "incoming:1",
            "Quyết định về việc phê duyệt kế hoạch phát triển xã Đông Hòa năm 2026",
            number="15/QĐ-UBND",
            body="Căn cứ Luật Tổ chức chính quyền địa phương; xét đề nghị của Văn phòng, "
            "Chủ tịch Ủy ban nhân dân xã quyết định phê duyệt kế hoạch. <b>Điều 1</b>.",
            doc_type="Quyết định",
            issuer="UBND xã Đông Hòa",
            unit="Văn phòng",
            status="Đã ban hành",
            date=dt.date(2026, 3, 2),
        ),
        item(
            "outgoing:2",
            "Kế hoạch thuỷ lợi vụ đông xuân xã Đông Hoà",  # modern tone placement on purpose
            number="05/KH-UBND",
            body="Nạo vét kênh mương, bảo đảm nước tưới cho sản xuất.",
            doc_type="Kế hoạch",
            issuer="UBND xã Đông Hòa",
            unit="Phòng Kinh tế",
            status="Đã ban hành",
            date=dt.date(2025, 11, 20),
        ),
        item(
            "incoming:3",
            "Báo cáo tình hình ca bệnh dương tính trên địa bàn",
            number="41/BC-TYT",
            body="Số ca dương tính trong tuần giảm.",
            doc_type="Báo cáo",
            issuer="Trạm Y tế xã",
            unit="Văn phòng",
            status="Đang xử lý",
            date=dt.date(2026, 1, 15),
        ),
        item(
            "incoming:4",
            "Báo cáo tiến độ sửa chữa đường giao thông nông thôn",
            number="42/BC-UBND",
            body="Tuyến đường liên thôn đã hoàn thành 80% khối lượng.",
            doc_type="Báo cáo",
            issuer="UBND xã Đông Hòa",
            unit="Phòng Kinh tế",
            status="Đang xử lý",
            date=dt.date(2026, 1, 20),
        ),
        item(
            "incoming:5",
            "Quyết định về công tác cán bộ (mật)",
            number="07/QĐ-UBND",
            body="Điều động cán bộ; tài liệu mật.",
            doc_type="Quyết định",
            issuer="UBND tỉnh Phú Yên",
            unit="Phòng Nội vụ",
            status="Mật",
            date=dt.date(2026, 2, 10),
            readers=["user:7"],
        ),
        item(
            "task:6",
            "Chuẩn bị hồ sơ họp giao ban tháng",
            body="Phòng Kinh tế chuẩn bị số liệu.",
            unit="Phòng Kinh tế",
            status="Đang xử lý",
            date=dt.date(2026, 2, 1),
            readers=["unit:3"],
        ),
        item(
            "incoming:7",
            nfd("Thông báo lịch kiểm tra sức khoẻ định kỳ"),  # decomposed, as PDFs hand it out
            number="12/TB-VP",
            body=nfd("Cán bộ, công chức đi khám sức khoẻ theo lịch."),
            doc_type="Thông báo",
            issuer="Văn phòng",
            unit="Văn phòng",
            status="Đã ban hành",
            date=dt.date(2025, 12, 5),
        ),
        item(
            "dossier:8",
            "Hồ sơ kế hoạch năm và phát triển xã",  # same words as incoming:1, not adjacent
            body="Kế hoạch năm; định hướng phát triển.",
            unit="Văn phòng",
            status="Đang mở",
            date=dt.date(2026, 1, 2),
        ),
    ]
    for n in range(1, 26):
        items.append(
            item(
                f"outgoing:{100 + n}",
                f"Công văn về việc báo cáo số liệu thống kê đợt {n}",
                number=f"{n:02d}/UBND-VP",
                body=f"Đề nghị các thôn gửi số liệu thống kê đợt {n} đúng hạn.",
                doc_type="Công văn",
                issuer="UBND xã Đông Hòa",
                unit="Văn phòng",
                status="Đã ban hành",
                date=dt.date(2024, 1, 1) + dt.timedelta(days=7 * n),
            )
        )
    return items


@pytest.fixture(scope="module", params=BACKENDS)
def office_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    """The office corpus, loaded once per module and backend (read-only tests)."""
    yield from loaded_index(request.param, tmp_path_factory, office_corpus())


def loaded_index(
    backend: str, tmp_path_factory: pytest.TempPathFactory, items: list[IndexedItem]
) -> Iterator[SearchIndex]:
    """A new index holding ``items``, dropped afterwards (the body of module-scoped fixtures)."""
    index = new_index(backend, tmp_path_factory)
    index.ensure()
    index.upsert(items)
    index.refresh()
    try:
        yield index
    finally:
        index.drop()
        index.close()
