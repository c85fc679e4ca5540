"""The embedded backend's folder is shared by several processes (web, worker, CLI)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

from search import IndexedItem, Query, open_index

ALL = ["all"]


def _item(n: int, title: str) -> IndexedItem:
    return IndexedItem(id=f"record:{n}", kind="record", title=title, readers=ALL, date=dt.date(2026, 1, n))


def _rebuild_in_another_process(folder: str) -> None:
    index = open_index(f"embedded://{folder}")
    index.rebuild([_item(1, "Hồ sơ lưu trữ mới"), _item(2, "Mục lục hồ sơ mới")])


def _write_in_another_process(folder: str) -> None:
    open_index(f"embedded://{folder}").upsert([_item(3, "Hồ sơ do tiến trình khác ghi")])


def test_reader_follows_a_rebuild_made_by_another_process(tmp_path: Path) -> None:
    folder = str(tmp_path / "idx")
    reader = open_index(f"embedded://{folder}")
    reader.ensure()
    reader.upsert([_item(9, "Hồ sơ lưu trữ cũ")])
    reader.refresh()
    assert reader.search(Query(text="ho so", principals=ALL)).total == 1
    ctx = multiprocessing.get_context("spawn")
    process = ctx.Process(target=_rebuild_in_another_process, args=(folder,))
    process.start()
    process.join(60)
    assert process.exitcode == 0
    page = reader.search(Query(text="ho so", principals=ALL))
    assert sorted(h.id for h in page.hits) == ["record:1", "record:2"]
    assert [p.name for p in Path(folder).iterdir() if p.name.startswith("documents-")] == [
        Path(folder, "CURRENT").read_text().strip()
    ]


def test_writes_from_another_process_become_visible(tmp_path: Path) -> None:
    folder = str(tmp_path / "idx")
    reader = open_index(f"embedded://{folder}")
    reader.ensure()
    ctx = multiprocessing.get_context("spawn")
    process = ctx.Process(target=_write_in_another_process, args=(folder,))
    process.start()
    process.join(60)
    assert process.exitcode == 0
    reader.refresh()
    assert [h.id for h in reader.search(Query(text="tien trinh khac", principals=ALL)).hits] == ["record:3"]
