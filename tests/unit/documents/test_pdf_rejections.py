"""Bad uploads are refused with a code and a Vietnamese message that says what to do next."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from eoffice.documents.pdf_inspect import PdfRejected, inspect_pdf
from eoffice.errors import ServiceError
from tests.unit.documents.pdf_factory import (
    make_encrypted_pdf,
    make_renamed_text_file,
    make_truncated_pdf,
)


def _rejection(path: Path, **kwargs: object) -> PdfRejected:
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(path, **kwargs)  # type: ignore[arg-type]
    assert caught.value.message and caught.value.message[0].isupper()
    assert "Hãy" in caught.value.message  # every message says what to do next
    return caught.value


def test_text_file_renamed_to_pdf_is_not_pdf(tmp_path: Path) -> None:
    rejected = _rejection(make_renamed_text_file(tmp_path / "cong-van.pdf"))
    assert rejected.code == "not_pdf"
    assert "không phải PDF" in rejected.message


def test_word_document_renamed_to_pdf_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "to-trinh.pdf"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    rejected = _rejection(path)
    assert rejected.code == "not_pdf"
    assert "Word" in rejected.message


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    assert _rejection(path).code == "empty"


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    rejected = _rejection(make_truncated_pdf(tmp_path / "cat-cut.pdf"))
    assert rejected.code == "corrupt"


def test_pdf_header_followed_by_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    assert _rejection(path).code == "corrupt"


def test_password_protected_pdf_is_rejected(tmp_path: Path) -> None:
    rejected = _rejection(make_encrypted_pdf(tmp_path / "mat-khau.pdf", user_password="matkhau"))
    assert rejected.code == "encrypted"
    assert "mật khẩu" in rejected.message


def test_pdf_with_only_permission_restrictions_is_read(tmp_path: Path) -> None:
    report = inspect_pdf(make_encrypted_pdf(tmp_path / "han-che.pdf", user_password=""))
    assert report.encrypted
    assert report.hints.so_ky_hieu == "15/QĐ-UBND"
    assert any("hạn chế quyền" in w for w in report.warnings)


def test_file_over_the_size_limit_is_too_large(official_letter_pdf: Path) -> None:
    limit = official_letter_pdf.stat().st_size - 1
    rejected = _rejection(official_letter_pdf, max_bytes=limit)
    assert rejected.code == "too_large"
    assert "MB" in rejected.message


def test_rejection_is_a_service_error_the_http_layer_maps_to_400(tmp_path: Path) -> None:
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    rejected = _rejection(path)
    assert isinstance(rejected, ServiceError)
    assert rejected.status == 400


def test_pdf_without_an_end_marker_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "thieu-cuoi.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b" " * 3000)
    assert _rejection(path).code == "corrupt"


def test_trailing_padding_after_the_end_marker_is_accepted(official_letter_pdf: Path, tmp_path: Path) -> None:
    padded = tmp_path / "dem.pdf"
    padded.write_bytes(official_letter_pdf.read_bytes() + b"\r\n\x00\x00  \n")
    assert inspect_pdf(padded).hints.so_ky_hieu == "123/STNMT-VP"


@pytest.mark.parametrize("make", [
    lambda p: make_renamed_text_file(p),
    lambda p: make_truncated_pdf(p, keep=0.2),
    lambda p: make_truncated_pdf(p, keep=0.9),
    lambda p: make_encrypted_pdf(p, user_password="x"),
])
def test_every_rejection_is_a_service_error_with_a_vietnamese_next_step(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    rejected = _rejection(make(tmp_path / "tep.pdf"))
    assert isinstance(rejected, ServiceError)
    assert rejected.code in {"not_pdf", "corrupt", "encrypted"}
