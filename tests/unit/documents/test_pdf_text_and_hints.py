"""What the file reveals is pre-filled; nothing is invented."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from eoffice.documents.document_hints import hints_from_text
from eoffice.documents.pdf_inspect import inspect_pdf
from tests.unit.documents.pdf_factory import make_incoming_pdf, make_scanned_pdf


def test_official_letter_hints(official_letter_pdf: Path) -> None:
    report = inspect_pdf(official_letter_pdf)
    hints = report.hints
    assert (hints.number, hints.notation, hints.so_ky_hieu) == (123, "STNMT-VP", "123/STNMT-VP")
    assert (hints.doc_type_code, hints.doc_type_name, hints.doc_type_abbreviation) == ("CV", "Công văn", None)
    assert hints.subject == "V/v triển khai thực hiện kế hoạch kiểm kê đất đai năm 2026"
    assert hints.issuer == "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert hints.issuer_parent == "UBND TỈNH PHÚ YÊN"
    assert (hints.issued_date, hints.place) == (date(2026, 3, 5), "Tuy Hòa")
    assert (hints.signer_name, hints.signer_authority, hints.signer_position) == ("Trần Thị Thu Hà", "KT.", "PHÓ GIÁM ĐỐC")
    assert hints.signer_authority_line == "KT. GIÁM ĐỐC"
    assert report.page_count == 1 and not report.is_probably_scanned


def test_decision_hints_with_year_in_notation(decision_pdf: Path) -> None:
    hints = inspect_pdf(decision_pdf).hints
    assert (hints.number, hints.notation_year, hints.so_ky_hieu) == (15, 2026, "15/2026/QĐ-UBND")
    assert f"{hints.number:02d}/{hints.notation}" == hints.so_ky_hieu
    assert (hints.doc_type_code, hints.doc_type_name, hints.doc_type_abbreviation) == ("QĐ", "Quyết định", "QĐ")
    assert hints.subject == "Về việc ban hành Kế hoạch chuyển đổi số năm 2026"
    assert hints.issuer == "ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA"  # printed over two lines
    assert hints.issuer_parent is None
    assert (hints.issued_date, hints.place) == (date(2026, 3, 5), "Đông Hòa")
    assert (hints.signer_name, hints.signer_authority, hints.signer_position) == ("Nguyễn Văn Hòa", "TM.", "CHỦ TỊCH")


def test_decomposed_text_in_the_pdf_comes_back_composed(decision_pdf: Path) -> None:
    raw = PdfReader(decision_pdf).pages[0].extract_text()
    assert not unicodedata.is_normalized("NFC", raw)  # the fixture really hands out NFD
    report = inspect_pdf(decision_pdf)
    assert unicodedata.is_normalized("NFC", report.text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in report.text
    assert "Căn cứ Nghị định số 30/2020/NĐ-CP" in report.text


def test_signature_block_is_read_from_the_last_page(tmp_path: Path) -> None:
    path = make_incoming_pdf(
        tmp_path / "thong-bao.pdf", number=7, notation="TB-STNMT", agency="SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        parent_agency="UBND TỈNH PHÚ YÊN", subject="Kết luận của Giám đốc Sở tại cuộc họp giao ban tháng 3",
        authority="", position="GIÁM ĐỐC", signer="Lê Văn Bình", extra_pages=2, urgency="HỎA TỐC",
    )
    report = inspect_pdf(path)
    assert report.page_count == 3
    hints = report.hints
    assert (hints.so_ky_hieu, hints.doc_type_code) == ("07/TB-STNMT", "TB")
    assert (hints.signer_name, hints.signer_authority, hints.signer_position) == ("Lê Văn Bình", None, "GIÁM ĐỐC")
    assert hints.urgency == 3


def test_signed_document_still_gives_its_hints(signed_twice_pdf: Path) -> None:
    report = inspect_pdf(signed_twice_pdf)
    assert report.hints.so_ky_hieu == "15/QĐ-UBND"
    assert len(report.signatures) == 2


def test_scan_without_text_layer_is_flagged_and_gives_no_hints(tmp_path: Path) -> None:
    report = inspect_pdf(make_scanned_pdf(tmp_path / "ban-quet.pdf", pages=2))
    assert report.is_probably_scanned
    assert report.page_count == 2
    assert all(value is None for value in asdict(report.hints).values())
    assert any("OCR" in w for w in report.warnings)


def test_text_extraction_stops_at_the_page_limit(tmp_path: Path) -> None:
    path = make_incoming_pdf(tmp_path / "dai.pdf", extra_pages=4)
    report = inspect_pdf(path, max_pages_text=2)
    assert (report.page_count, report.text_pages, report.text_truncated) == (5, 2, True)
    assert report.hints.so_ky_hieu == "15/QĐ-UBND"


def test_report_is_plain_data_that_serialises_to_json(signed_twice_pdf: Path) -> None:
    report = asdict(inspect_pdf(signed_twice_pdf))
    encoded = json.dumps(report, default=lambda v: v.isoformat())
    assert "Nguyễn Văn Hòa" in json.loads(encoded)["signatures"][0]["signer_common_name"]


def test_plain_ocr_text_gives_the_same_hints() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH PHÚ YÊN\nSố:  07 /TB-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Phú Yên, ngày 5 tháng 3 năm 2026\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại buổi làm việc\n"
        "Ngày 02/3/2026, Chủ tịch UBND tỉnh đã làm việc với các sở.\n"
        "Nơi nhận:\n- Các sở;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nPhạm Thị Mai\n"
    )
    hints = hints_from_text(unicodedata.normalize("NFD", text))
    assert hints.issuer == "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"
    assert (hints.so_ky_hieu, hints.doc_type_code, hints.issued_date) == ("07/TB-UBND", "TB", date(2026, 3, 5))
    assert hints.subject == "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc"
    assert (hints.signer_name, hints.signer_authority, hints.signer_position) == ("Phạm Thị Mai", "TL.", "CHÁNH VĂN PHÒNG")


def test_nothing_is_invented_from_text_without_the_header() -> None:
    hints = hints_from_text("Biên bản họp tổ dân phố.\nNội dung: bàn về vệ sinh môi trường.\n")
    assert all(value is None for value in asdict(hints).values())


def test_long_document_reads_text_up_to_the_cap_but_still_finds_the_signer_on_the_last_page(tmp_path: Path) -> None:
    path = make_incoming_pdf(tmp_path / "rat-dai.pdf", extra_pages=40, signer="Lê Thị Hồng Nhung")
    report = inspect_pdf(path, max_pages_text=5)
    assert (report.page_count, report.text_pages, report.text_truncated) == (41, 5, True)
    assert report.hints.signer_name == "Lê Thị Hồng Nhung"
    assert any("41 trang" in w and "5 trang đầu" in w for w in report.warnings)


def test_text_extraction_stops_when_its_time_is_up(tmp_path: Path) -> None:
    path = make_incoming_pdf(tmp_path / "cham.pdf", extra_pages=6)
    report = inspect_pdf(path, max_seconds_text=0)
    assert report.text_pages == 1 and report.text_truncated  # the first page is always read
    assert report.hints.so_ky_hieu == "15/QĐ-UBND"
    assert any("quá thời gian" in w for w in report.warnings)


def test_scan_is_accepted_and_says_it_has_no_text_layer(tmp_path: Path) -> None:
    report = inspect_pdf(make_scanned_pdf(tmp_path / "quet.pdf", pages=3))
    assert report.page_count == 3 and report.text == ""
    assert any("không có lớp chữ" in w for w in report.warnings)


def test_single_page_document_without_signature_block_has_no_signer(tmp_path: Path) -> None:
    path = make_incoming_pdf(tmp_path / "khong-ky.pdf", authority="", position="", signer="")
    hints = inspect_pdf(path).hints
    assert hints.so_ky_hieu == "15/QĐ-UBND"
    assert hints.signer_name is None
