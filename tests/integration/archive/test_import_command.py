"""`eoffice import PATH`: a folder of scans with a bad file, a duplicate and a page with no
text gives a report of each; stopped after taking the files in (here: --no-ocr, as a crash before OCR would leave
them), the same command continues that batch — new files only, then the OCR of those waiting."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from eoffice.db import db
from eoffice.archive.models import ImportBatch, ScanImport
from tests.helpers import sample_pdf
from tests.integration.archive.scans import needs_ocr, scan_bytes


@needs_ocr
def test_the_import_reports_each_file_and_a_second_run_continues_the_batch(office, tmp_path):
    from eoffice.archive.cli import import_command

    tmp_path = tmp_path / "scans"  # the office's own data folder lives in the test's tmp_path too
    tmp_path.mkdir()
    decision = sample_pdf(number="88")
    (tmp_path / "01-quyet-dinh.pdf").write_bytes(decision)
    (tmp_path / "02-ban-sao.pdf").write_bytes(decision)
    (tmp_path / "03-hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    (tmp_path / "04-anh-quet.tif").write_bytes(scan_bytes(["Biên bản bàn giao tài liệu"], kind="tiff", dpi=150))
    runner = office.test_cli_runner()
    first = runner.invoke(import_command, [str(tmp_path), "--as", "luutru", "--no-ocr"])
    assert first.exit_code == 0, first.output
    assert "Đã nhập: 1 tệp; trùng: 1; lỗi: 1; còn chờ nhận dạng chữ: 1" in first.output
    assert "Lỗi: 03-hong.jpg – Tệp ảnh «03-hong.jpg» bị hỏng" in first.output
    (tmp_path / "05-them.pdf").write_bytes(sample_pdf(number="89"))
    (tmp_path / "06-trang-trang.tif").write_bytes(scan_bytes([], kind="tiff", dpi=100))  # a TIFF with no text
    second = runner.invoke(import_command, [str(tmp_path), "--as", "luutru"])
    assert second.exit_code == 0, second.output
    assert "Tiếp tục lô nhập" in second.output and "Đã nhập: 4 tệp; trùng: 1; lỗi: 1" in second.output
    db.session.expire_all()
    [batch] = db.session.scalars(select(ImportBatch)).all()
    assert batch.finished_at is not None
    names = [s.filename for s in db.session.scalars(select(ScanImport).order_by(ScanImport.id))]
    assert names == ["01-quyet-dinh.pdf", "02-ban-sao.pdf", "03-hong.jpg", "04-anh-quet.tif", "05-them.pdf",
                     "06-trang-trang.tif"], "nothing taken twice"
    tiff = db.session.scalars(select(ScanImport).where(ScanImport.filename == "04-anh-quet.tif")).one()
    assert tiff.status == "review" and tiff.searchable is not None and "bàn giao" in tiff.text.lower()
    blank = db.session.scalars(select(ScanImport).where(ScanImport.filename == "06-trang-trang.tif")).one()
    assert blank.status == "review" and blank.text.strip() == "" and "Không nhận dạng được chữ nào" in blank.reason


def test_an_unknown_account_is_refused_with_what_to_check(office, tmp_path):
    from eoffice.archive.cli import import_command

    result = office.test_cli_runner().invoke(import_command, [str(tmp_path), "--as", "khongco"])
    assert result.exit_code == 2 and "Không có tài khoản «khongco»" in result.output
