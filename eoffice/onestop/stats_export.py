"""The period's one-stop statistics as Excel and PDF, in the register layout the other exports
print with (eoffice.documents.register_export via Column/register_pdf/register_xlsx).

One row per agency that had dossiers in the period, then the total row — which is exactly
what the statistics page shows for the same period and choice of agency, because both come
from `statistics.period_figures` and `statistics.satisfaction`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from eoffice.db import db, utcnow
from eoffice.documents.register_export import Column, RegisterHeader, register_pdf, register_xlsx
from eoffice.onestop.statistics import PeriodFigures, Satisfaction, agencies_in_period, period_figures, satisfaction
from eoffice.org.models import Unit

TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
TOTAL = "Tổng cộng"


@dataclass
class StatsRow:
    agency: str
    figures: PeriodFigures
    ratings: Satisfaction


def _percent(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def _col(title: str, pdf: float, xlsx: float, value, align: str = "C") -> Column:  # type: ignore[no-untyped-def]
    return Column(title, pdf, xlsx, align, value)


# Widths add up to the 277 mm between the margins of A4 landscape.
COLUMNS: tuple[Column, ...] = (
    Column("Cơ quan giải quyết", 39, 34, "L", lambda r: r.agency, key=True),  # type: ignore[attr-defined]
    _col("Tổng số tiếp nhận", 14, 10, lambda r: r.figures.received),
    _col("Kỳ trước chuyển sang", 14, 10, lambda r: r.figures.carried_over),
    _col("Mới: trực tuyến", 14, 10, lambda r: r.figures.new["online"]),
    _col("Mới: trực tiếp", 14, 10, lambda r: r.figures.new["desk"]),
    _col("Mới: bưu chính", 14, 10, lambda r: r.figures.new["postal"]),
    _col("Đã giải quyết: trước hạn", 14, 10, lambda r: r.figures.resolved["early"]),
    _col("Đã giải quyết: đúng hạn", 14, 10, lambda r: r.figures.resolved["on_time"]),
    _col("Đã giải quyết: quá hạn", 14, 10, lambda r: r.figures.resolved["late"]),
    _col("Đang giải quyết: trong hạn", 14, 10, lambda r: r.figures.in_progress["in_time"]),
    _col("Đang giải quyết: quá hạn", 14, 10, lambda r: r.figures.in_progress["overdue"]),
    _col("Chờ bổ sung", 12, 9, lambda r: r.figures.supplement),
    _col("Dừng xử lý", 12, 9, lambda r: r.figures.suspended),
    _col("Từ chối", 12, 9, lambda r: r.figures.refused),
    _col("Công dân rút", 12, 9, lambda r: r.figures.withdrawn),
    _col("Tỷ lệ đúng hạn (%)", 12, 9, lambda r: _percent(r.figures.on_time_percent)),
    _col("Tỷ lệ trực tuyến (%)", 12, 9, lambda r: _percent(r.figures.online_percent)),
    _col("Hồ sơ được đánh giá", 12, 9, lambda r: r.ratings.dossiers),
    _col("Hài lòng (%)", 12, 9, lambda r: _percent(r.ratings.satisfied_percent)),
)


def rows_for(first: date, last: date, agency_unit_id: Optional[int] = None) -> list[StatsRow]:
    """Per agency (only the chosen one when given), then the total row."""
    ids = [agency_unit_id] if agency_unit_id is not None else agencies_in_period(first, last)
    rows = []
    for unit_id in ids:
        unit = db.session.get(Unit, unit_id)
        rows.append(StatsRow(unit.name if unit else str(unit_id), period_figures(first, last, unit_id),
                             satisfaction(first, last, unit_id)))
    if agency_unit_id is None:
        rows.append(StatsRow(TOTAL, period_figures(first, last), satisfaction(first, last)))
    return rows


def stats_file(first: date, last: date, agency_unit_id: Optional[int], fmt: str) -> bytes:
    """The report as "pdf" or "xlsx"."""
    unit = db.session.get(Unit, agency_unit_id) if agency_unit_id is not None else None
    head = RegisterHeader(agency_name=(unit.name if unit else "CÁC CƠ QUAN GIẢI QUYẾT").upper(),
                          unit_name="BỘ PHẬN MỘT CỬA", register_name=f"Thống kê hồ sơ một cửa {first:%d/%m/%Y} – {last:%d/%m/%Y}",
                          date_from=first, date_to=last, printed_at=utcnow(),
                          empty_text="Không có hồ sơ nào trong kỳ.")
    rows = rows_for(first, last, agency_unit_id)
    if fmt == "pdf":
        return register_pdf(TITLE, head, COLUMNS, rows)
    return register_xlsx(TITLE, "Thong ke mot cua", head, COLUMNS, rows)
