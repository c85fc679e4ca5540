"""The checks every scan passes before the archive keeps it, without a database: what the
file really is (by its bytes, not its name), empty, truncated or password-protected files
refused with a reason that says what to do."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from eoffice.archive.digitise import ScanRejected, check_scan
from eoffice.archive.models import RETENTION_CODES, retention_label
from tests.helpers import sample_pdf
from tests.integration.archive.scans import scan_bytes


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_tiff_and_a_jpeg_are_recognised_by_their_bytes_whatever_their_name(tmp_path):
    tiff = check_scan(_file(tmp_path, "scan.pdf", scan_bytes(["Trang một"], kind="tiff", dpi=72)), "scan.pdf")
    jpeg = check_scan(_file(tmp_path, "anh", scan_bytes(["Trang một"], kind="jpeg", dpi=72)), "anh")
    assert (tiff.kind, tiff.page_count, jpeg.kind) == ("tiff", 1, "jpeg")


def test_a_text_pdf_brings_its_own_text_and_a_scanned_pdf_none(tmp_path):
    text = check_scan(_file(tmp_path, "a.pdf", sample_pdf(number="9")), "a.pdf")
    scanned = check_scan(_file(tmp_path, "b.pdf", scan_bytes(["Trang quét"], kind="pdf", dpi=72)), "b.pdf")
    assert text.text and text.hints.get("number") == "9"
    assert scanned.kind == "pdf" and scanned.text == "" and scanned.page_count == 1


@pytest.mark.parametrize("content, code", [
    (b"", "empty"),
    (b"<html><body>not a scan</body></html>", "not_a_scan"),
    (b"II*\x00\x08\x00\x00\x00broken", "corrupted"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path, content, code):
    with pytest.raises(ScanRejected) as refused:
        check_scan(_file(tmp_path, "x.tif", content), "x.tif")
    assert refused.value.code == code and refused.value.message.endswith(".")


def test_a_password_protected_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf())))
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ScanRejected) as refused:
        check_scan(_file(tmp_path, "m.pdf", out.getvalue()), "m.pdf")
    assert refused.value.code == "encrypted"


def test_retention_follows_circular_02_2019_codes():
    assert retention_label(None) == "Vĩnh viễn" and retention_label(20) == "20 năm"
    assert RETENTION_CODES[None] == "01" and RETENTION_CODES[10] == "06"
