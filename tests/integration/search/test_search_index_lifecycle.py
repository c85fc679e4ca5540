"""Writing, deleting, rebuilding behind the alias, and health — on both backends."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest

from search import IndexedItem, Query, SearchError, SearchIndex, open_index

ALL = ["all"]


def doc(n: int, title: str, **fields: object) -> IndexedItem:
    fields.setdefault("readers", ALL)
    fields.setdefault("date", dt.date(2026, 1, 1) + dt.timedelta(days=n))
    return IndexedItem(id=f"incoming:{n}", kind="incoming", title=title, **fields)  # type: ignore[arg-type]


def found(index: SearchIndex, text: str) -> list[str]:
    return [h.id for h in index.search(Query(text=text, principals=ALL, per_page=100)).hits]


def test_new_index_is_empty_and_searchable(empty_index: SearchIndex) -> None:
    page = empty_index.search(Query(text="quyết định", principals=ALL))
    assert page.total == 0
    assert empty_index.count() == 0


def test_ensure_is_idempotent(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Quyết định một")])
    empty_index.refresh()
    empty_index.ensure()
    assert empty_index.count() == 1


def test_upsert_replaces_by_id(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Tờ trình xin kinh phí")])
    empty_index.refresh()
    empty_index.upsert([doc(1, "Tờ trình đã sửa về kinh phí sửa trụ sở")])
    empty_index.refresh()
    assert found(empty_index, "kinh phi") == ["incoming:1"]
    assert found(empty_index, "tru so") == ["incoming:1"]
    assert found(empty_index, "xin") == []
    assert empty_index.count() == 1


def test_upsert_can_change_readers(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Biên bản họp")])
    empty_index.refresh()
    empty_index.upsert([doc(1, "Biên bản họp", readers=["user:1"])])
    empty_index.refresh()
    assert found(empty_index, "bien ban") == []
    assert empty_index.search(Query(text="bien ban", principals=["user:1"])).total == 1


def test_delete_removes_and_ignores_unknown_ids(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Giấy mời họp"), doc(2, "Giấy mời dự hội nghị")])
    empty_index.refresh()
    empty_index.delete(["incoming:1", "incoming:999"])
    empty_index.refresh()
    assert found(empty_index, "giay moi") == ["incoming:2"]


def test_items_with_minimal_fields_are_indexed(empty_index: SearchIndex) -> None:
    empty_index.upsert([IndexedItem(id="task:1", kind="task", title="Việc cần làm", readers=ALL)])
    empty_index.refresh()
    page = empty_index.search(Query(text="viec", principals=ALL))
    assert [h.id for h in page.hits] == ["task:1"]
    assert page.hits[0].date is None
    assert page.hits[0].number == ""


def test_extra_fields_round_trip(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Công văn", extra={"so_den": "123", "nguoi_ky": "Nguyễn Văn A"})])
    empty_index.refresh()
    hit = empty_index.search(Query(text="cong van", principals=ALL)).hits[0]
    assert dict(hit.extra) == {"so_den": "123", "nguoi_ky": "Nguyễn Văn A"}


def test_invalid_item_is_rejected_with_a_vietnamese_message(empty_index: SearchIndex) -> None:
    with pytest.raises(SearchError) as err:
        empty_index.upsert([IndexedItem(id="x:1", kind="Văn bản!", title="?", readers=ALL)])
    assert err.value.code == "invalid_item"
    with pytest.raises(SearchError):
        empty_index.upsert([IndexedItem(id="x:1", kind="task", title="?", readers="all")])


def test_rebuild_switches_atomically_and_search_works_during_and_after(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Quyết định cũ về thủy lợi"), doc(2, "Kế hoạch cũ")])
    empty_index.refresh()
    seen_during: list[list[str]] = []
    progress: list[int] = []

    def new_items() -> Iterator[IndexedItem]:
        for n in range(1, 2501):
            if n == 1200:
                # halfway through loading, searches still answer from the old index
                seen_during.append(found(empty_index, "thuy loi"))
            yield doc(n, f"Quyết định mới số {n} về thủy lợi" if n % 2 else f"Thông báo mới số {n}")

    loaded = empty_index.rebuild(new_items(), progress=progress.append)
    assert loaded == 2500
    assert seen_during == [["incoming:1"]]
    assert progress and progress[-1] == 2500
    empty_index.refresh()
    assert empty_index.count() == 2500
    page = empty_index.search(Query(text="thuy loi", principals=ALL))
    assert page.total == 1250
    assert found(empty_index, "ke hoach cu") == []
    health = empty_index.health()
    assert health.ok and health.documents == 2500


def test_rebuild_keeps_writes_made_while_it_loads(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Báo cáo tháng một"), doc(2, "Báo cáo tháng hai")])
    empty_index.refresh()

    def items() -> Iterator[IndexedItem]:
        yield doc(1, "Báo cáo tháng một")
        # meanwhile the application registers a new document and deletes another
        empty_index.upsert([doc(3, "Báo cáo tháng ba khẩn")])
        empty_index.delete(["incoming:2"])
        yield doc(4, "Báo cáo tháng tư")

    empty_index.rebuild(items())
    empty_index.refresh()
    assert sorted(found(empty_index, "bao cao")) == ["incoming:1", "incoming:3", "incoming:4"]


def test_failed_rebuild_leaves_the_old_index_in_place(empty_index: SearchIndex) -> None:
    empty_index.upsert([doc(1, "Hợp đồng thuê xe")])
    empty_index.refresh()

    def broken() -> Iterator[IndexedItem]:
        yield doc(2, "Hợp đồng mới")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        empty_index.rebuild(broken())
    assert found(empty_index, "hop dong") == ["incoming:1"]
    empty_index.upsert([doc(3, "Hợp đồng sau sự cố")])
    empty_index.refresh()
    assert sorted(found(empty_index, "hop dong")) == ["incoming:1", "incoming:3"]


def test_rebuild_creates_a_missing_index(empty_index: SearchIndex) -> None:
    empty_index.drop()
    empty_index.rebuild([doc(1, "Chỉ thị về phòng chống thiên tai")])
    empty_index.refresh()
    assert found(empty_index, "thien tai") == ["incoming:1"]


def test_health_is_ok_for_a_ready_index(empty_index: SearchIndex) -> None:
    health = empty_index.health()
    assert health.ok
    assert health.documents == 0
    assert not health.needs_rebuild
    assert health.as_dict()["backend"] == empty_index.backend


def test_health_reports_a_missing_index_without_raising(empty_index: SearchIndex) -> None:
    empty_index.drop()
    health = empty_index.health()
    assert not health.ok
    assert "eoffice reindex" in health.message
    with pytest.raises(SearchError) as err:
        empty_index.search(Query(text="x", principals=ALL))
    assert err.value.code == "index_missing"


def test_unreachable_elasticsearch_is_reported_not_raised() -> None:
    index = open_index("http://127.0.0.1:9/?timeout=1")
    health = index.health()
    assert not health.ok
    assert "không phản hồi" in health.message
    with pytest.raises(SearchError) as err:
        index.search(Query(text="x", principals=ALL))
    assert err.value.code == "search_unavailable"


def test_rebuild_counts_a_repeated_id_once(empty_index: SearchIndex) -> None:
    loaded = empty_index.rebuild(
        [doc(1, "Tờ trình thứ nhất"), doc(1, "Tờ trình lặp lại"), doc(2, "Tờ trình khác")]
    )
    empty_index.refresh()
    assert loaded == 2
    assert empty_index.count() == 2
    assert found(empty_index, "thu nhat") == ["incoming:1"]
