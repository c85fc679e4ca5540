"""Digitisation on SQLite and PostgreSQL: a batch with a good scan, a corrupted one, an empty
one, a non-scan and a duplicate goes on past every bad file and reports each with its reason;
the original is kept byte for byte beside its searchable OCR copy; a stopped import resumes;
the reviewed scan is filed and found by an unaccented word of its OCR text only by those its
access regime allows. One real OCR run (one page at 200 dpi) keeps the suite fast."""
from __future__ import annotations

import io

import pytest

from eoffice.backends import blob_store
from eoffice.db import db
from eoffice.archive import digitise
from eoffice.archive.models import ScanImport
from eoffice.archive.schemas import FileScanIn
from eoffice.errors import ServiceError
from tests.integration.archive.conftest import open_dossier
from tests.integration.archive.scans import DECISION, needs_ocr, scan_bytes
from tests.integration.documents.conftest import actor
from tests.helpers import sample_pdf



def _take(batch, content: bytes, name: str) -> ScanImport:  # type: ignore[no-untyped-def]
    return digitise.take_in(actor("luutru"), batch, io.BytesIO(content), name)


def test_each_bad_file_is_reported_with_its_reason_and_the_batch_goes_on(office):
    batch = digitise.new_batch(actor("luutru"), "Lô thử")
    good = scan_bytes(["Văn bản thử"], kind="tiff", dpi=100)
    results = [
        _take(batch, b"", "rong.pdf"),
        _take(batch, b"%PDF-1.7\n1 0 obj <<>> garbage", "hong.pdf"),
        _take(batch, b"PK\x03\x04 not a scan", "bang-tinh.xlsx"),
        _take(batch, good[: len(good) // 2], "cat-doi.tif"),
        _take(batch, good, "tot.tif"),
        _take(batch, good, "tot-ban-sao.tif"),
    ]
    assert [s.status for s in results] == ["failed", "failed", "failed", "failed", "queued", "duplicate"]
    assert "0 byte" in results[0].reason and "không phải tệp PDF, TIFF hay JPEG" in results[2].reason
    assert "bị hỏng" in results[3].reason and "Trùng nội dung với «tot.tif»" in results[5].reason
    with blob_store().open(results[4].original.sha256) as reader:
        assert reader.read() == good, "the original is kept byte for byte"
    report = digitise.report(batch)
    assert (len(report.failed), len(report.duplicates), len(report.waiting)) == (4, 1, 1)


def test_a_born_digital_pdf_needs_no_ocr_and_its_number_is_suggested(office):
    batch = digitise.new_batch(actor("luutru"), "Bản điện tử")
    scan = _take(batch, sample_pdf(number="42"), "qd-42.pdf")
    assert scan.status == "review" and scan.suggestions.get("number") == "42" and scan.text


def test_an_encrypted_pdf_is_refused_with_what_to_do(office):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf())))
    writer.encrypt("bi-mat")
    out = io.BytesIO()
    writer.write(out)
    scan = _take(digitise.new_batch(actor("luutru"), "Mật khẩu"), out.getvalue(), "mat-khau.pdf")
    assert scan.status == "failed" and "mật khẩu" in scan.reason


def test_only_the_archivist_imports(office):
    from eoffice.auth.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        digitise.new_batch(actor("chuyenvien"), "Không được")


@needs_ocr
def test_a_scan_is_ocred_reviewed_filed_and_found_without_accents(office):
    from eoffice.outbox.service import drain
    from eoffice.web.search_views import run_search

    batch = digitise.new_batch(actor("luutru"), "Lô giấy 2019")
    scan = _take(batch, scan_bytes(DECISION, kind="pdf", dpi=200, skew=0.6, noise=0.002), "qd-125.pdf")
    assert scan.status == "queued"
    assert digitise.process_queued(batch.id) == 1
    db.session.refresh(scan)
    assert scan.status == "review" and scan.searchable is not None and scan.searchable.sha256 != scan.original.sha256
    assert "Thủy Triều" in scan.text or "Thuỷ Triều" in scan.text
    assert scan.suggestions.get("number") == "125" and "QĐ-UBND" in scan.suggestions.get("notation", "")
    assert digitise.process_queued(batch.id) == 0, "nothing queued any more: a restart has nothing to redo"

    dossier = open_dossier()
    document = digitise.file_scan(actor("luutru"), FileScanIn(scan_id=scan.id, dossier_id=dossier.id, notes="Bản số hóa"))
    assert document.reliability == 2 and {f.role for f in document.files} == {"original", "ocr"}
    assert document.number == "125" and document.archive_code.endswith(".0000001")
    with pytest.raises(ServiceError, match="đã được đưa vào hồ sơ"):
        digitise.file_scan(actor("luutru"), FileScanIn(scan_id=scan.id, dossier_id=dossier.id))
    drain()
    found = run_search(actor("luutru").user, "dam thuy trieu", {}, None, None, "relevance", 1)
    assert [h.id for h in found.hits] == [f"archive_doc:{document.id}"]
    hidden = run_search(actor("motcua").user, "dam thuy trieu", {}, None, None, "relevance", 1)
    assert hidden.hits == [], "a desk officer of another unit does not see the archive's record"


def test_a_500_page_scan_is_taken_in_whole_and_queued_with_a_timeout_that_fits_its_length(office):
    """A bound volume scanned as one file: checked and stored as it is, every page counted,
    queued for OCR with time for all of its pages (not refused, not cut)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(500):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    batch = digitise.new_batch(actor("luutru"), "Tập lưu 1998")
    scan = _take(batch, out.getvalue(), "tap-luu-1998.pdf")
    assert (scan.status, scan.page_count) == ("queued", 500)
    with blob_store().open(scan.original.sha256) as reader:
        assert reader.read() == out.getvalue(), "the original is kept byte for byte"
    assert digitise.OCR_SECONDS_PER_PAGE * scan.page_count > digitise.OCR_MIN_TIMEOUT_SECONDS
