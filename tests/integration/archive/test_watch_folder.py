"""`eoffice import --watch DIR`: files dropped into the folder go through the import pipeline
once complete and are moved to DIR/done, or DIR/failed with a reason file (a corrupted file, a
duplicate of an earlier import); a file still being written waits; after a crash between
taking a file in and moving it, the next run only moves it (no duplicate of itself)."""
from __future__ import annotations

import io

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
