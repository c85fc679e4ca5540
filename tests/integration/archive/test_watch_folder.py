"""`eoffice import --watch DIR`: files dropped into the folder go through the import pipeline
once complete and are moved to DIR/done, or DIR/failed with a reason file (a corrupted file, a
duplicate of an earlier import); a file still being written waits; after a crash between
taking a file in and moving it, the next run only moves it (no duplicate of itself). With
EOFFICE_IMPORT_WATCH_DIR set, the worker's periodic job does the same with that folder."""
from __future__ import annotations

import io
import logging
from dataclasses import replace

from sqlalchemy import select

from eoffice.db import db
from eoffice.archive import digitise, watch
from eoffice.archive.models import ImportBatch, ScanImport
from tests.helpers import sample_pdf
from tests.integration.documents.conftest import actor


def _run(office, folder, *extra: str):  # type: ignore[no-untyped-def]
    from eoffice.archive.cli import import_command

    result = office.test_cli_runner().invoke(import_command, ["--watch", str(folder), "--as", "luutru", "--no-ocr",
                                                              "--once", "--settle", "0.3", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_dropped_files_are_taken_once_complete_and_moved_to_done_or_failed_with_the_reason(office, tmp_path):
    earlier = sample_pdf(number="40")
    batch = digitise.new_batch(actor("luutru"), "Lô trước")
    digitise.take_in(actor("luutru"), batch, io.BytesIO(earlier), "cv-40.pdf")
    folder = tmp_path / "tha-vao-day"
    folder.mkdir()
    (folder / "cv-41.pdf").write_bytes(sample_pdf(number="41"))
    (folder / "ban-sao-cv-40.pdf").write_bytes(earlier)
    (folder / "hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    (folder / "dang-chep.pdf.part").write_bytes(b"%PDF-1.7 half")
    output = _run(office, folder)
    assert "Đã nhập: 1 tệp; trùng: 1; lỗi: 1" in output
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["cv-41.pdf"]
    failed = sorted(p.name for p in (folder / "failed").iterdir())
    assert failed == ["ban-sao-cv-40.pdf", "ban-sao-cv-40.pdf.ly-do.txt", "hong.jpg", "hong.jpg.ly-do.txt"]
    assert "Trùng nội dung với «cv-40.pdf»" in (folder / "failed" / "ban-sao-cv-40.pdf.ly-do.txt").read_text(encoding="utf-8")
    assert "bị hỏng" in (folder / "failed" / "hong.jpg.ly-do.txt").read_text(encoding="utf-8")
    assert (folder / "dang-chep.pdf.part").exists(), "a file still being written is left alone"
    watched = db.session.scalars(select(ImportBatch).where(ImportBatch.source == "watch")).one()
    assert watched.finished_at is not None and {s.filename for s in watched.scans} == {"cv-41.pdf", "ban-sao-cv-40.pdf", "hong.jpg"}

    (folder / "cv-41.pdf").write_bytes(sample_pdf(number="42"))  # the scanner reuses the name the next day
    _run(office, folder)
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["cv-41-2.pdf", "cv-41.pdf"]


def test_a_file_taken_in_before_a_crash_is_only_moved_on_the_next_run(office, tmp_path):
    folder = tmp_path / "quet"
    folder.mkdir()
    scan_file = folder / "to-trinh.pdf"
    scan_file.write_bytes(sample_pdf(number="43"))
    batch = watch.watch_batch(actor("luutru"), folder)
    with scan_file.open("rb") as stream:
        digitise.take_in(actor("luutru"), batch, stream, scan_file.name)  # committed; then the process died
    output = _run(office, folder)
    assert "Đã nhập: 1 tệp; trùng: 0; lỗi: 0" in output
    assert (folder / "done" / "to-trinh.pdf").exists() and not (folder / "failed").exists()
    assert db.session.scalar(select(db.func.count(ScanImport.id))) == 1


def test_a_path_and_a_watched_folder_together_are_refused(office, tmp_path):
    from eoffice.archive.cli import import_command

    result = office.test_cli_runner().invoke(import_command, [str(tmp_path), "--watch", str(tmp_path)])
    assert result.exit_code == 2 and "không cả hai" in result.output
    result = office.test_cli_runner().invoke(import_command, [])
    assert result.exit_code == 2 and "Hãy chỉ ra một thư mục" in result.output


def _watch_setting(office, monkeypatch, folder) -> None:  # type: ignore[no-untyped-def]
    settings = office.extensions["eoffice.settings"]
    monkeypatch.setitem(office.extensions, "eoffice.settings", replace(settings, import_watch_dir=str(folder)))


def test_the_worker_takes_files_from_the_configured_folder_through_its_periodic_job(office, tmp_path, monkeypatch):
    from eoffice.outbox.schedule import run_due_jobs

    folder = tmp_path / "may-quet"
    folder.mkdir()
    (folder / "cv-50.pdf").write_bytes(sample_pdf(number="50"))
    (folder / "hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    (folder / "dang-chep.pdf.part").write_bytes(b"%PDF-1.7 half")
    _watch_setting(office, monkeypatch, folder)
    monkeypatch.setattr(watch, "WORKER_SETTLE_SECONDS", 0.2)
    run_due_jobs(force=True)  # what `eoffice worker --once` does
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["cv-50.pdf"]
    assert sorted(p.name for p in (folder / "failed").iterdir()) == ["hong.jpg", "hong.jpg.ly-do.txt"]
    assert (folder / "dang-chep.pdf.part").exists(), "a file still being written is left alone"
    batch = db.session.scalars(select(ImportBatch).where(ImportBatch.source == "watch")).one()
    assert batch.label == f"Thư mục theo dõi {folder.resolve()}" and batch.finished_at is None, "open while watched"
    assert {s.filename: s.status for s in batch.scans} == {"cv-50.pdf": "review", "hong.jpg": "failed"}, "a text PDF needs no OCR"

    (folder / "cv-51.pdf").write_bytes(sample_pdf(number="51"))
    waits: list[float] = []
    clock = [1000.0]

    def wait(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    assert watch.scan_configured(sleep=wait, clock=lambda: clock[0]) == 1
    assert waits == [0.2], "a file seen for the first time is looked at again after settling, in the same run"
    assert (folder / "done" / "cv-51.pdf").exists()
    assert db.session.scalar(select(db.func.count(ImportBatch.id)).where(ImportBatch.source == "watch")) == 1, "same batch"
    assert watch.scan_configured(sleep=wait, clock=lambda: clock[0]) == 0 and waits == [0.2], "nothing new: no wait"


def test_without_the_setting_or_with_a_missing_folder_the_job_takes_nothing(office, tmp_path, monkeypatch, caplog):
    from eoffice.config import Settings

    assert Settings.from_env({"EOFFICE_IMPORT_WATCH_DIR": "/srv/quet"}).import_watch_dir == "/srv/quet"
    assert watch.scan_configured(sleep=lambda seconds: None) == 0
    _watch_setting(office, monkeypatch, tmp_path / "chua-tao")
    with caplog.at_level(logging.WARNING, logger="eoffice.archive.watch"):
        assert watch.scan_configured(sleep=lambda seconds: None) == 0
    assert "hãy tạo thư mục đó" in caplog.text and "chua-tao" in caplog.text
    assert db.session.scalar(select(db.func.count(ImportBatch.id))) == 0
