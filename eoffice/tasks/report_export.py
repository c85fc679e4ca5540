"""The completion report of a period as Excel (openpyxl) and PDF (fpdf2 with the Vietnamese
font): one line per unit with the same figures as the dashboard — given, finished early / on
time / late, open in time / due soon / overdue, on-time rate — and the total line, so the
exported figures are the dashboard's."""
from __future__ import annotations

import io
from datetime import date
from typing import Optional

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from eoffice.calendar.timezone import to_local
from eoffice.fonts import add_vietnamese_font
from eoffice.tasks.dashboard import Dashboard, Row

REPORT_COLUMNS = ("total", "finished", "early", "on_time", "late", "open", "in_time", "due_soon", "overdue")
HEADERS = ("Đơn vị", "Tổng số", "Đã hoàn thành", "Trước hạn", "Đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện",
           "Trong hạn", "Sắp đến hạn", "Quá hạn", "Tỷ lệ đúng hạn")


def title_of(board: Dashboard) -> str:
    return f"BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ {_period_text(board.start, board.end)}".strip()


def _period_text(start: Optional[date], end: Optional[date]) -> str:
    if start and end:
        return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    if start:
        return f"từ ngày {start:%d/%m/%Y}"
    if end:
        return f"đến ngày {end:%d/%m/%Y}"
    return ""


def _line(row: Row, label: Optional[str] = None) -> list[object]:
    rate = row.on_time_rate
    return [label or row.label, *(row.counts[c] for c in REPORT_COLUMNS), f"{rate}%" if rate is not None else "–"]


def lines(board: Dashboard) -> list[list[object]]:
    return [_line(r) for r in board.units] + [_line(board.overall, "Tổng cộng")]


def report_xlsx(board: Dashboard) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet.append([title_of(board)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Số liệu đến {to_local(board.now):%H:%M %d/%m/%Y}"])
    sheet.append(list(HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for line in lines(board):
        sheet.append(line)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 42
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(board: Dashboard) -> bytes:
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    family = add_vietnamese_font(pdf)
    pdf.add_page()
    pdf.set_font(family, "B", 13)
    pdf.multi_cell(0, 7, title_of(board), align="C")
    pdf.set_font(family, "I", 9)
    pdf.cell(0, 6, f"Số liệu đến {to_local(board.now):%H:%M ngày %d/%m/%Y}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(family, "", 8.5)
    widths = (68,) + (19,) * 9 + (22,)
    with pdf.table(col_widths=widths, text_align=("LEFT",) + ("CENTER",) * 10, repeat_headings=1) as table:
        for line in [list(HEADERS), *lines(board)]:
            row = table.row()
            for value in line:
                row.cell(str(value))
    return bytes(pdf.output())
