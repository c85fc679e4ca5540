"""The incoming register and the follow-up register as PDF and Excel files.

Why: Decree 30/2020 (Appendix IV) requires the registers to exist in register form — a cover
with the agency, the register's name and period, then one table with the prescribed columns in
the prescribed order — and offices still print and bind them. The PDF is that printout
(A4 landscape, Vietnamese font, header row repeated on every page, page numbers); the Excel
file carries the same columns with real date cells so the office can sort and filter.

Rows are plain dataclasses filled by :mod:`eoffice.documents.registers`; nothing here touches
the database, so the layout can be tested on its own.

    pdf_bytes = incoming_register_pdf(header, rows)
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Optional, Sequence, Union

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from eoffice.calendar.timezone import to_local
from eoffice.fonts import add_vietnamese_font

__all__ = [
    "RegisterHeader", "IncomingRow", "FollowUpRow", "Column", "register_pdf", "register_xlsx",
    "incoming_register_pdf", "incoming_register_xlsx", "follow_up_register_pdf", "follow_up_register_xlsx",
    "INCOMING_TITLE", "FOLLOW_UP_TITLE",
]

INCOMING_TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
FOLLOW_UP_TITLE = "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"

Value = Union[str, int, date, None]


@dataclass
class RegisterHeader:
    agency_name: str  # cơ quan chủ quản, or the agency itself when it has no parent
    unit_name: str  # the agency/unit that keeps the register
    register_name: str  # "Sổ văn bản đến thường", "Sổ văn bản mật đến" …
    date_from: date
    date_to: date
    printed_at: datetime
    empty_text: str = ""  # what the table says when no row falls in the period (default: incoming)


@dataclass
class IncomingRow:
    arrival_date: date
    arrival_number: int
    issuer: str
    number_notation: str
    issued_date: Optional[date]
    type_and_subject: str
    recipients: str
    handed_over: Optional[date]  # the decree's form has no column for it: shown under "Ký nhận"
    signature: str
    notes: Optional[str]


@dataclass
class FollowUpRow:
    arrival_number: int
    document: str
    recipient: str
    deadline: Optional[date]
    progress: str
    reply_number: str
    notes: Optional[str]


@dataclass(frozen=True)
class Column:
    """One column of a register form: another kind's register (outgoing, one-stop tracking
    book) declares its own tuple of these and prints through `register_pdf`/`register_xlsx`."""

    title: str
    pdf_width: float  # mm; each register's widths add up to the 277 mm of A4 landscape
    xlsx_width: float  # Excel character units
    align: str  # "C" centred (dates, numbers) or "L"
    value: Callable[[object], Value]
    key: bool = False  # repeated with "(tiếp)" on the next page when a row is split


def _receipt(row: IncomingRow) -> str:
    if row.signature:
        return row.signature
    return f"Chuyển {row.handed_over:%d/%m/%Y}" if row.handed_over else ""


# Decree 30/2020, Appendix IV: "Mẫu sổ đăng ký văn bản đến", columns (1)–(9).
INCOMING_COLUMNS: tuple[Column, ...] = (
    Column("Ngày đến", 20, 11, "C", lambda r: r.arrival_date),  # type: ignore[attr-defined]
    Column("Số đến", 14, 8, "C", lambda r: r.arrival_number, key=True),  # type: ignore[attr-defined]
    Column("Tác giả", 38, 24, "L", lambda r: r.issuer),  # type: ignore[attr-defined]
    Column("Số, ký hiệu", 28, 17, "C", lambda r: r.number_notation),  # type: ignore[attr-defined]
    Column("Ngày tháng", 20, 11, "C", lambda r: r.issued_date),  # type: ignore[attr-defined]
    Column("Tên loại và trích yếu nội dung", 76, 48, "L", lambda r: r.type_and_subject),  # type: ignore[attr-defined]
    Column("Đơn vị hoặc người nhận", 35, 22, "L", lambda r: r.recipients),  # type: ignore[attr-defined]
    Column("Ký nhận", 24, 15, "C", _receipt),  # type: ignore[arg-type]
    Column("Ghi chú", 22, 15, "L", lambda r: r.notes),  # type: ignore[attr-defined]
)

# Decree 30/2020, Appendix IV: "Mẫu sổ theo dõi việc giải quyết văn bản đến", columns (1)–(7).
FOLLOW_UP_COLUMNS: tuple[Column, ...] = (
    Column("Số đến", 14, 8, "C", lambda r: r.arrival_number, key=True),  # type: ignore[attr-defined]
    Column("Tên loại, số và ký hiệu, ngày tháng và trích yếu nội dung văn bản", 90, 55, "L",
            lambda r: r.document),  # type: ignore[attr-defined]
    Column("Đơn vị hoặc người nhận", 40, 24, "L", lambda r: r.recipient),  # type: ignore[attr-defined]
    Column("Thời hạn giải quyết", 22, 12, "C", lambda r: r.deadline),  # type: ignore[attr-defined]
    Column("Tiến độ giải quyết", 46, 28, "L", lambda r: r.progress),  # type: ignore[attr-defined]
    Column("Số, ký hiệu văn bản trả lời", 30, 18, "C", lambda r: r.reply_number),  # type: ignore[attr-defined]
    Column("Ghi chú", 35, 20, "L", lambda r: r.notes),  # type: ignore[attr-defined]
)


def _text(value: Value) -> str:
    """What a PDF cell shows: dd/mm/yyyy dates, composed (NFC) Vietnamese, no tabs."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return f"{value:%d/%m/%Y}"
    return unicodedata.normalize("NFC", str(value)).replace("\t", " ").strip()


def _period(header: RegisterHeader) -> str:
    return f"Từ ngày {header.date_from:%d/%m/%Y} đến ngày {header.date_to:%d/%m/%Y}"


def _printed(header: RegisterHeader) -> str:
    return f"In lúc {to_local(header.printed_at):%H:%M ngày %d/%m/%Y}"


def _empty_message(header: RegisterHeader) -> str:
    if header.empty_text:
        return header.empty_text
    return (f"Không có văn bản đến nào được đăng ký trong sổ từ ngày {header.date_from:%d/%m/%Y} "
            f"đến ngày {header.date_to:%d/%m/%Y}.")


def _number_range(rows: Sequence[object]) -> Optional[str]:
    """"Từ số … đến số …" on the cover: the rows' số đến, or số of an outgoing register."""
    numbers = [n for n in (getattr(r, "arrival_number", getattr(r, "number", None)) for r in rows) if n is not None]
    return f"Từ số {min(numbers)} đến số {max(numbers)}" if numbers else None


# --- PDF -----------------------------------------------------------------------------------

_MARGIN = 10.0
_FOOTER = 12.0  # room kept at the bottom for the page number
_LINE = 4.6  # mm per text line at 9.5 pt
_PAD = 1.2  # vertical padding inside a cell
_MIN_SPLIT_LINES = 3  # fewer lines than this left on a page: start the row on the next page


class _RegisterPdf(FPDF):
    """A4 landscape with a running head on table pages and "Trang x/y" on every page."""

    def __init__(self, title: str, header: RegisterHeader) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.register_title = title
        self.register_header = header
        self.vn_font = add_vietnamese_font(self)
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_auto_page_break(False)  # rows are placed by hand so they can split cleanly
        self.c_margin = 1.2
        self.width_cache: dict[tuple[str, float, str], float] = {}
        self.set_title(f"{title} – {header.register_name}")
        self.set_creator("eoffice")
        self.set_lang("vi")

    @property
    def bottom(self) -> float:
        return self.h - _MARGIN - _FOOTER

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(self.vn_font, "I", 8.5)
        self.multi_cell(0, 4, f"{self.register_header.unit_name} – {self.register_title} – "
                              f"{self.register_header.register_name} – {_period(self.register_header).lower()}",
                        align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def footer(self) -> None:
        self.set_y(-_MARGIN - 6)
        self.set_font(self.vn_font, "", 8.5)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")


def _cover(pdf: _RegisterPdf, title: str, header: RegisterHeader, rows: Sequence[object]) -> None:
    """The register's cover (bìa sổ): agency top left, title, register name, period."""
    pdf.add_page()
    pdf.set_xy(_MARGIN + 5, 18)
    if header.agency_name and header.agency_name != header.unit_name:
        pdf.set_font(pdf.vn_font, "", 13)
        pdf.multi_cell(110, 6.5, header.agency_name, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(pdf.vn_font, "B", 13)
    pdf.multi_cell(110, 6.5, header.unit_name, align="C", new_x="LEFT", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.line(_MARGIN + 5 + 40, y, _MARGIN + 5 + 70, y)
    pdf.set_y(72)
    pdf.set_font(pdf.vn_font, "B", 26)
    pdf.multi_cell(0, 13, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(pdf.vn_font, "I", 15)
    pdf.multi_cell(0, 8, f"({header.register_name})", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(pdf.vn_font, "", 14)
    years = sorted({header.date_from.year, header.date_to.year})
    lines = [f"Năm: {'–'.join(map(str, years))}", _period(header)]
    numbers = _number_range(rows)
    lines.append(numbers if numbers else "Không có văn bản nào trong khoảng thời gian này")
    for line in lines:
        pdf.multi_cell(0, 8, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.bottom - 8)
    pdf.set_font(pdf.vn_font, "I", 10)
    pdf.cell(0, 6, f"{_printed(header)} – số văn bản: {len(rows)}", align="R")


def _width(pdf: _RegisterPdf, text: str) -> float:
    key = (pdf.font_style, pdf.font_size_pt, text)
    width = pdf.width_cache.get(key)
    if width is None:
        width = pdf.width_cache[key] = pdf.get_string_width(text)
    return width


def _break_word(pdf: _RegisterPdf, word: str, available: float) -> list[str]:
    """A "word" wider than the column (a long notation, a URL) cut between characters."""
    pieces, current = [], ""
    for char in word:
        if current and _width(pdf, current + char) > available:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current]


def _wrap(pdf: _RegisterPdf, width: float, text: str) -> list[str]:
    """``text`` broken into the lines that fit a cell ``width`` mm wide, at word boundaries.

    Why not fpdf's own line breaker: it re-measures the line for every character, and a
    year's register has thousands of rows; measuring each word once (cached) is ~10x faster."""
    available = width - 2 * pdf.c_margin
    space = _width(pdf, " ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split():
            word_width = _width(pdf, word)
            pieces = [word] if word_width <= available else _break_word(pdf, word, available)
            for piece in pieces:
                piece_width = word_width if len(pieces) == 1 else _width(pdf, piece)
                if current and current_width + space + piece_width <= available:
                    current, current_width = f"{current} {piece}", current_width + space + piece_width
                else:
                    if current:
                        lines.append(current)
                    current, current_width = piece, piece_width
        lines.append(current)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines or [""]


def _draw_row(pdf: _RegisterPdf, columns: Sequence[Column], cells: Sequence[list[str]],
              aligns: Sequence[str], height_lines: int, *, fill: bool = False) -> None:
    """One band of a row: a box per column and its lines, top-aligned."""
    y = pdf.get_y()
    height = height_lines * _LINE + 2 * _PAD
    baseline = y + _PAD + 0.5 * _LINE + 0.3 * pdf.font_size
    x = pdf.l_margin
    for column, lines, align in zip(columns, cells, aligns):
        pdf.rect(x, y, column.pdf_width, height, style="DF" if fill else "D")
        for index, line in enumerate(lines):
            if not line:
                continue
            left = x + pdf.c_margin
            if align == "C":
                left = x + (column.pdf_width - _width(pdf, line)) / 2
            pdf.text(left, baseline + index * _LINE, line)
        x += column.pdf_width
    pdf.set_xy(pdf.l_margin, y + height)


def _table_head(pdf: _RegisterPdf, columns: Sequence[Column]) -> None:
    """Column titles, then the "(1) (2) …" row that registers print under them."""
    pdf.set_font(pdf.vn_font, "B", 9.5)
    pdf.set_fill_color(230, 230, 230)
    titles = [_wrap(pdf, c.pdf_width, c.title) for c in columns]
    _draw_row(pdf, columns, titles, ["C"] * len(columns), max(map(len, titles)), fill=True)
    pdf.set_font(pdf.vn_font, "I", 8.5)
    _draw_row(pdf, columns, [[f"({i})"] for i in range(1, len(columns) + 1)], ["C"] * len(columns), 1)
    pdf.set_font(pdf.vn_font, "", 9.5)


def _new_table_page(pdf: _RegisterPdf, columns: Sequence[Column]) -> None:
    pdf.add_page()
    _table_head(pdf, columns)


def _room_lines(pdf: _RegisterPdf) -> int:
    return int((pdf.bottom - pdf.get_y() - 2 * _PAD) // _LINE)


def _table(pdf: _RegisterPdf, columns: Sequence[Column], rows: Sequence[object], empty: str) -> None:
    """Rows that fit go whole; a row that does not fit starts on the next page, and a row taller
    than a page (a very long trích yếu) is split with the header repeated above the rest."""
    _new_table_page(pdf, columns)
    if not rows:
        pdf.set_font(pdf.vn_font, "I", 10)
        width = sum(c.pdf_width for c in columns)
        pdf.multi_cell(width, 8, empty, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
        return
    aligns = [c.align for c in columns]
    full_page = None
    for row in rows:
        cells = [_wrap(pdf, c.pdf_width, _text(c.value(row))) for c in columns]
        remaining = max(map(len, cells))
        if full_page is None:
            full_page = _room_lines(pdf)  # lines on a page under the header
        if remaining > _room_lines(pdf) and (remaining <= full_page or _room_lines(pdf) < _MIN_SPLIT_LINES):
            _new_table_page(pdf, columns)
        start = 0
        while remaining > 0:
            take = min(remaining, _room_lines(pdf))
            band = [lines[start:start + take] for lines in cells]
            if start:  # the rest of a split row: say whose it is
                band = [lines or (cells[i][:1] + ["(tiếp)"])[:take] if columns[i].key else lines
                        for i, lines in enumerate(band)]
            _draw_row(pdf, columns, band, aligns, take)
            start, remaining = start + take, remaining - take
            if remaining > 0:
                _new_table_page(pdf, columns)


def register_pdf(title: str, header: RegisterHeader, columns: Sequence[Column], rows: Sequence[object]) -> bytes:
    """A register in register form: cover, then the table with `columns` over `rows` (A4 landscape)."""
    pdf = _RegisterPdf(title, header)
    _cover(pdf, title, header, rows)
    _table(pdf, columns, rows, _empty_message(header))
    return bytes(pdf.output())


def incoming_register_pdf(header: RegisterHeader, rows: Sequence[IncomingRow]) -> bytes:
    """The incoming register (sổ đăng ký văn bản đến) for the header's period, as PDF bytes."""
    return register_pdf(INCOMING_TITLE, header, INCOMING_COLUMNS, rows)


def follow_up_register_pdf(header: RegisterHeader, rows: Sequence[FollowUpRow]) -> bytes:
    """The follow-up register (sổ theo dõi giải quyết văn bản đến), as PDF bytes."""
    return register_pdf(FOLLOW_UP_TITLE, header, FOLLOW_UP_COLUMNS, rows)


# --- Excel ---------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_FONT = "Times New Roman"  # what Decree 30 prescribes; Excel substitutes if missing
_HEAD_ROW = 8


def _excel_value(value: Value) -> Value:
    """Text as NFC text: control characters (from copied PDF text) dropped, "" as an empty cell."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", value)).strip()
        return value or None
    return value


def _title_rows(sheet: object, title: str, header: RegisterHeader, last_column: str) -> None:
    ws = sheet  # openpyxl Worksheet
    lines = [
        (header.agency_name if header.agency_name != header.unit_name else "", Font(name=_FONT, size=12), "left"),
        (header.unit_name, Font(name=_FONT, size=12, bold=True), "left"),
        ("", None, "left"),
        (title, Font(name=_FONT, size=15, bold=True), "center"),
        (header.register_name, Font(name=_FONT, size=12, italic=True), "center"),
        (f"{_period(header)} – {_printed(header).lower()}", Font(name=_FONT, size=11, italic=True), "center"),
    ]
    for number, (text, font, horizontal) in enumerate(lines, start=1):
        if not text:
            continue
        ws.merge_cells(f"A{number}:{last_column}{number}")  # type: ignore[attr-defined]
        cell = ws.cell(row=number, column=1, value=text)  # type: ignore[attr-defined]
        cell.font = font
        cell.alignment = Alignment(horizontal=horizontal, vertical="center")


def register_xlsx(title: str, sheet_title: str, header: RegisterHeader, columns: Sequence[Column],
                  rows: Sequence[object]) -> bytes:
    """The same register as an Excel workbook: same columns, real date cells, print titles."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    last = get_column_letter(len(columns))
    _title_rows(ws, title, header, last)
    head_font = Font(name=_FONT, size=11, bold=True)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.xlsx_width
        for row_number, text, font in ((_HEAD_ROW, column.title, head_font),
                                       (_HEAD_ROW + 1, f"({index})", Font(name=_FONT, size=10, italic=True))):
            cell = ws.cell(row=row_number, column=index, value=text)
            cell.font, cell.border, cell.fill = font, _BOX, _HEAD_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[_HEAD_ROW].height = 45
    body_font = Font(name=_FONT, size=11)
    aligned = [Alignment(horizontal="center" if c.align == "C" else "left", vertical="top", wrap_text=True)
               for c in columns]  # shared style objects: openpyxl hashes every one it is given
    first = _HEAD_ROW + 2
    for offset, row in enumerate(rows):
        for index, column in enumerate(columns, start=1):
            value = _excel_value(column.value(row))
            cell = ws.cell(row=first + offset, column=index, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a note that starts with "=" is text, never a formula
            cell.font, cell.border, cell.alignment = body_font, _BOX, aligned[index - 1]
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
    if rows:
        ws.auto_filter.ref = f"A{_HEAD_ROW}:{last}{first + len(rows) - 1}"
    else:
        ws.merge_cells(f"A{first}:{last}{first}")
        cell = ws.cell(row=first, column=1, value=_empty_message(header))
        cell.font = Font(name=_FONT, size=11, italic=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{_HEAD_ROW}:{_HEAD_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "Trang &P/&N"
    wb.properties.title = f"{title} – {header.register_name}"
    wb.properties.creator = "eoffice"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def incoming_register_xlsx(header: RegisterHeader, rows: Sequence[IncomingRow]) -> bytes:
    """The incoming register as an Excel workbook (same columns as the PDF, real date cells)."""
    return register_xlsx(INCOMING_TITLE, "Sổ văn bản đến", header, INCOMING_COLUMNS, rows)


def follow_up_register_xlsx(header: RegisterHeader, rows: Sequence[FollowUpRow]) -> bytes:
    """The follow-up register as an Excel workbook."""
    return register_xlsx(FOLLOW_UP_TITLE, "Sổ theo dõi giải quyết", header, FOLLOW_UP_COLUMNS, rows)
