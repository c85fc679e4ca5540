"""The incoming and follow-up registers print in register form (Decree 30/2020, Appendix IV)
and export to Excel with the same columns."""
from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from eoffice import fonts
from eoffice.documents.register_export import (
    FOLLOW_UP_COLUMNS,
    INCOMING_COLUMNS,
    FollowUpRow,
    IncomingRow,
    RegisterHeader,
    follow_up_register_pdf,
    follow_up_register_xlsx,
    incoming_register_pdf,
    incoming_register_xlsx,
)
from eoffice.errors import ServiceError

HEADER = RegisterHeader(
    agency_name="UBND TỈNH PHÚ YÊN", unit_name="ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA",
    register_name="Sổ văn bản đến thường", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28),
    printed_at=datetime(2026, 3, 1, 2, 30, tzinfo=timezone.utc),
)
INCOMING_TITLES = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
                   "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú"]
FOLLOW_UP_TITLES = ["Số đến", "Tên loại, số và ký hiệu, ngày tháng và trích yếu nội dung văn bản",
                    "Đơn vị hoặc người nhận", "Thời hạn giải quyết", "Tiến độ giải quyết",
                    "Số, ký hiệu văn bản trả lời", "Ghi chú"]


def incoming(number: int = 1, *, subject: str = "Về việc ban hành Kế hoạch chuyển đổi số năm 2026",
             notes: str | None = None) -> IncomingRow:
    return IncomingRow(
        arrival_date=date(2026, 2, 13), arrival_number=number, issuer="Ủy ban nhân dân xã Đông Hòa",
        number_notation=f"{number:03d}/QĐ-UBND", issued_date=date(2026, 2, 12),
        type_and_subject=f"Quyết định: {subject}", recipients="Phòng Văn hóa - Xã hội (CT); Văn phòng (PH)",
        handed_over=date(2026, 2, 13), signature="", notes=notes,
    )


def follow_up(number: int = 1) -> FollowUpRow:
    return FollowUpRow(
        arrival_number=number, document=f"{number:02d}/UBND-VP Công văn: V/v kiểm kê đất đai năm 2026",
        recipient="Phòng Kinh tế", deadline=date(2026, 3, 2), progress="Đang xử lý – còn hạn",
        reply_number="45/TTr-STP", notes=None,
    )


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet(xlsx: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(xlsx)).active


# --- PDF ---------------------------------------------------------------------------------------

def test_columns_are_the_decree_columns_in_order() -> None:
    assert [c.title for c in INCOMING_COLUMNS] == INCOMING_TITLES
    assert [c.title for c in FOLLOW_UP_COLUMNS] == FOLLOW_UP_TITLES
    # Both tables fill the 277 mm between the margins of A4 landscape.
    assert sum(c.pdf_width for c in INCOMING_COLUMNS) == pytest.approx(277)
    assert sum(c.pdf_width for c in FOLLOW_UP_COLUMNS) == pytest.approx(277)


def test_pdf_is_a4_landscape() -> None:
    page = PdfReader(io.BytesIO(incoming_register_pdf(HEADER, [incoming()]))).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # points


def test_vietnamese_text_survives_in_the_pdf() -> None:
    cover, table = pages_text(incoming_register_pdf(HEADER, [incoming()]))
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in cover
    assert "ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA" in cover and "UBND TỈNH PHÚ YÊN" in cover
    assert "Từ ngày 01/02/2026 đến ngày 28/02/2026" in cover
    assert "In lúc 09:30 ngày 01/03/2026" in cover  # printed_at shown in Vietnam time
    assert unicodedata.is_normalized("NFC", table)
    body = flat(table)
    assert "Quyết định: Về việc ban hành Kế hoạch chuyển đổi số năm 2026" in body
    assert "Ủy ban nhân dân xã Đông Hòa" in body
    assert "001/QĐ-UBND" in body


def test_table_page_has_every_column_title_and_numbered_columns() -> None:
    table = flat(pages_text(incoming_register_pdf(HEADER, [incoming()]))[1])
    for title in INCOMING_TITLES:
        assert title in table
    assert "(1) (2) (3) (4) (5) (6) (7) (8) (9)" in table


def test_dates_are_printed_day_month_year() -> None:
    table = pages_text(incoming_register_pdf(HEADER, [incoming()]))[1]
    assert "13/02/2026" in table and "12/02/2026" in table
    assert "2026-02" not in table


def test_hand_over_date_shows_under_receipt_when_there_is_no_signature_text() -> None:
    table = flat(pages_text(incoming_register_pdf(HEADER, [incoming()]))[1])
    assert "Chuyển 13/02/2026" in table


def test_three_hundred_rows_paginate_with_the_header_on_every_page() -> None:
    rows = [incoming(n) for n in range(1, 301)]
    pages = pages_text(incoming_register_pdf(HEADER, rows))
    assert len(pages) > 5
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Trang {number}/{total}" in text
        if number > 1:
            assert "Tên loại và trích yếu nội dung" in text, number
            assert "(1) (2) (3)" in flat(text), number
    everything = "\n".join(pages)
    for n in range(1, 301):  # every row once: nothing lost or doubled at page breaks
        assert everything.count(f"{n:03d}/QĐ-UBND") == 1, n


def test_empty_period_prints_cover_and_a_message() -> None:
    pages = pages_text(incoming_register_pdf(HEADER, []))
    assert len(pages) == 2
    assert "Không có văn bản nào trong khoảng thời gian này" in pages[0]
    table = flat(pages[1])
    assert "Tên loại và trích yếu nội dung" in table
    assert "Không có văn bản đến nào được đăng ký trong sổ từ ngày 01/02/2026 đến ngày 28/02/2026." in table


def _runs_with_x(pdf: bytes) -> list[tuple[str, float]]:
    """Every text run with the x position it is drawn at (points from the left edge)."""
    runs: list[tuple[str, float]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: runs.append((text, tm[4] * cm[0] + cm[4])))
    return runs


def test_very_long_subject_wraps_inside_its_column_and_continues_on_the_next_pages() -> None:
    words = [f"việc{n:04d}" for n in range(1, 1201)]  # far more than one page of one cell
    pdf = incoming_register_pdf(HEADER, [incoming(1), incoming(2, subject=" ".join(words)), incoming(3)])
    pages = pages_text(pdf)
    assert len(pages) >= 4
    everything = "\n".join(pages)
    for word in words:  # nothing cut off, nothing repeated
        assert everything.count(word) == 1, word
    assert "(tiếp)" in everything  # the continued row says whose it is
    assert "003/QĐ-UBND" in pages[-1]
    left = 10 + sum(c.pdf_width for c in INCOMING_COLUMNS[:5])
    right = left + INCOMING_COLUMNS[5].pdf_width
    to_pt = 72 / 25.4
    positions = [x for text, x in _runs_with_x(pdf) if "việc0" in text]
    assert len(positions) > 100
    assert all(left * to_pt <= x < right * to_pt for x in positions)


def test_word_longer_than_its_column_is_broken_not_spilled() -> None:
    long_notation = "123/UBND-VP-" + "X" * 80
    row = incoming(1, notes=long_notation)
    pdf = incoming_register_pdf(HEADER, [row])
    assert long_notation in "".join(flat(pages_text(pdf)[1]).split())
    notes_left = (10 + sum(c.pdf_width for c in INCOMING_COLUMNS[:-1])) * 72 / 25.4
    xs = [x for text, x in _runs_with_x(pdf) if "XXXX" in text]
    assert len(xs) > 1 and all(x >= notes_left for x in xs)


def test_follow_up_register_pdf_has_its_columns_and_rows() -> None:
    cover, table = pages_text(follow_up_register_pdf(HEADER, [follow_up(1), follow_up(2)]))
    assert "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" in cover
    body = flat(table)
    for title in FOLLOW_UP_TITLES:
        assert title in body
    assert "01/UBND-VP Công văn: V/v kiểm kê đất đai năm 2026" in body
    assert "02/03/2026" in body and "45/TTr-STP" in body and "Đang xử lý – còn hạn" in body


def test_missing_font_fails_with_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "SERIF_CANDIDATES", (("/nonexistent/a.ttf",) * 4,))
    with pytest.raises(ServiceError) as caught:
        incoming_register_pdf(HEADER, [incoming()])
    assert caught.value.code == "font_missing"
    assert "fonts-noto-core" in caught.value.message and "Hãy" in caught.value.message


# --- Excel -------------------------------------------------------------------------------------

HEAD_ROW = 8


def test_excel_has_title_rows_and_the_decree_columns() -> None:
    ws = sheet(incoming_register_xlsx(HEADER, [incoming()]))
    titles = [ws.cell(row=r, column=1).value for r in range(1, HEAD_ROW)]
    assert "UBND TỈNH PHÚ YÊN" in titles and "ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA" in titles
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in titles and "Sổ văn bản đến thường" in titles
    assert [c.value for c in ws[HEAD_ROW]] == INCOMING_TITLES
    assert [c.value for c in ws[HEAD_ROW + 1]] == [f"({n})" for n in range(1, 10)]
    assert all(c.font.bold for c in ws[HEAD_ROW])


def test_excel_keeps_vietnamese_text_and_real_dates() -> None:
    ws = sheet(incoming_register_xlsx(HEADER, [incoming()]))
    row = [c.value for c in ws[HEAD_ROW + 2]]
    assert row[0] == datetime(2026, 2, 13) and ws.cell(row=HEAD_ROW + 2, column=1).number_format == "DD/MM/YYYY"
    assert row[1] == 1
    assert row[2] == "Ủy ban nhân dân xã Đông Hòa"
    assert row[4] == datetime(2026, 2, 12)
    assert row[5] == "Quyết định: Về việc ban hành Kế hoạch chuyển đổi số năm 2026"


def test_excel_is_set_up_to_read_and_print() -> None:
    ws = sheet(incoming_register_xlsx(HEADER, [incoming(n) for n in range(1, 301)]))
    assert ws.max_row == HEAD_ROW + 1 + 300
    assert ws.freeze_panes == f"A{HEAD_ROW + 2}"
    assert ws.print_title_rows == f"${HEAD_ROW}:${HEAD_ROW + 1}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["F"].width > ws.column_dimensions["B"].width
    assert ws.cell(row=HEAD_ROW + 2, column=6).alignment.wrap_text


def test_excel_note_starting_with_equals_stays_text() -> None:
    ws = sheet(incoming_register_xlsx(HEADER, [incoming(notes="=HYPERLINK(\"http://x\")")]))
    cell = ws.cell(row=HEAD_ROW + 2, column=9)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


def test_excel_decomposed_text_is_stored_composed() -> None:
    row = incoming(subject=unicodedata.normalize("NFD", "Về việc tổ chức Hội nghị"))
    ws = sheet(incoming_register_xlsx(HEADER, [row]))
    assert ws.cell(row=HEAD_ROW + 2, column=6).value == "Quyết định: Về việc tổ chức Hội nghị"


def test_excel_empty_period_says_so() -> None:
    ws = sheet(follow_up_register_xlsx(HEADER, []))
    assert [c.value for c in ws[HEAD_ROW]] == FOLLOW_UP_TITLES
    assert ws.cell(row=HEAD_ROW + 2, column=1).value.startswith("Không có văn bản đến nào")


def test_follow_up_excel_rows() -> None:
    ws = sheet(follow_up_register_xlsx(HEADER, [follow_up(7)]))
    values = [c.value for c in ws[HEAD_ROW + 2]]
    assert values[0] == 7 and values[3] == datetime(2026, 3, 2)
    assert values[5] == "45/TTr-STP" and values[6] is None
