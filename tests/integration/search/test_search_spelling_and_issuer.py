"""Vietnamese as real documents are written, on both backends: the two i/y spellings that the
orthography allows find each other, and a query naming an issuer ranks its documents first."""
from __future__ import annotations

import pytest

from search import Query, SearchIndex
from tests.integration.search.conftest import item

ALL = ["all"]


def found(index: SearchIndex, text: str) -> list[str]:
    return [hit.id for hit in index.search(Query(text=text, principals=ALL, per_page=20)).hits]


SPELLINGS = [
    item("incoming:1", "QUI ĐỊNH VỀ QUẢN LÍ TÀI SẢN CÔNG TẠI CƠ QUAN NHÀ NƯỚC"),
    item("incoming:2", "Danh mục thực vật rừng, động vật rừng nguy cấp, QUÝ HIẾM"),
    item("incoming:3", "Cấp phiếu lí lịch tư pháp cho công dân"),
    item("incoming:4", "Hội nghị tập huấn kĩ thuật trồng lúa"),
    item("incoming:5", "Triển lãm mỹ thuật toàn tỉnh"),
    item("incoming:6", "Kế hoạch y tế trường học"),
    item("incoming:7", "Tuy nhiên, huy động vốn còn chậm"),
]


@pytest.mark.parametrize(("typed", "expected"), [
    ("quy định", "incoming:1"), ("quy dinh", "incoming:1"), ("QUẢN LÝ tài sản", "incoming:1"),
    ("quí hiếm", "incoming:2"), ("qui hiem", "incoming:2"), ("quý hiếm", "incoming:2"),
    ("lý lịch tư pháp", "incoming:3"), ("ly lich", "incoming:3"),
    ("kỹ thuật", "incoming:4"), ("ky thuat", "incoming:4"),
    ("mĩ thuật", "incoming:5"), ("mi thuat", "incoming:5"),
])
def test_the_two_i_y_spellings_find_each_other(empty_index: SearchIndex, typed: str, expected: str) -> None:
    empty_index.upsert(SPELLINGS)
    empty_index.refresh()
    assert found(empty_index, typed)[:1] == [expected]


def test_a_lone_y_and_the_uy_vowel_keep_their_own_words(empty_index: SearchIndex) -> None:
    empty_index.upsert(SPELLINGS)
    empty_index.refresh()
    assert found(empty_index, "y tế") == ["incoming:6"]
    assert found(empty_index, "tuy nhiên") == ["incoming:7"]
    assert found(empty_index, "tui") == [] and found(empty_index, "hui") == []


def test_a_query_naming_an_issuer_ranks_that_issuers_documents_first(empty_index: SearchIndex) -> None:
    empty_index.upsert([
        item("incoming:11", "Bố trí kinh phí từ nguồn tài chính địa phương cho trường học", issuer="UBND xã Đông Hòa"),
        item("incoming:12", "Báo cáo tài chính năm 2026 của bộ phận một cửa", issuer="Văn phòng UBND tỉnh"),
        item("incoming:13", "Hướng dẫn quyết toán ngân sách năm 2026", issuer="Bộ Tài chính"),
        item("incoming:14", "Thông tư quy định chế độ công tác phí", issuer="Bộ Tài chính"),
    ])
    empty_index.refresh()
    hits = found(empty_index, "bo tai chinh")
    assert set(hits[:2]) == {"incoming:13", "incoming:14"}
    assert set(hits[2:]) <= {"incoming:11", "incoming:12"}
