"""`eoffice deadline` and `eoffice calendar show YEAR`: the engine for people and scripts.

`deadline` prints only the due moment (ISO 8601, +07:00) on stdout so a script can read it;
`--explain` adds the Vietnamese working on stderr. Errors exit with status 2 and a message
that says what to fix. Both run in the app context: they use the admin's stored calendar.
"""
from __future__ import annotations

import sys
from datetime import datetime
from typing import NoReturn, Optional

import click
from flask.cli import with_appcontext

SOURCE_WIDTH = 9


def _fail(message: str, code: int = 2) -> NoReturn:
    click.secho(f"Lỗi: {message}", fg="red", err=True)
    sys.exit(code)


def _unit_id(code: Optional[str]) -> Optional[int]:
    from eoffice.calendar import service

    return service.find_unit(code).id if code is not None else None


def _start(text: Optional[str]) -> datetime:
    from eoffice.calendar import service
    from eoffice.calendar.timezone import as_moment

    if text is None:
        return service.now()
    try:
        return as_moment(text)
    except ValueError:
        _fail(f"Thời điểm bắt đầu “{text}” không hợp lệ. Hãy nhập theo ISO 8601, ví dụ 2026-02-13T16:30 "
              "(giờ Việt Nam) hoặc 2026-02-13T09:30+00:00.")


@click.command("deadline")
@click.option("--start", "start", metavar="THỜI_ĐIỂM",
              help="Thời điểm nhận, ISO 8601 (ví dụ 2026-02-13T16:30; không ghi múi giờ = giờ Việt Nam). Mặc định: bây giờ.")
@click.option("--working-days", metavar="N", help="Thời hạn tính bằng ngày làm việc (có thể lẻ, ví dụ 0,5).")
@click.option("--working-hours", metavar="N", help="Thời hạn tính bằng giờ làm việc (cộng thêm vào số ngày làm việc).")
@click.option("--calendar-days", metavar="N", help="Thời hạn tính bằng ngày lịch (một số thủ tục tính như vậy).")
@click.option("--after-cutoff-rule", is_flag=True,
              help="Hồ sơ giấy: nhận sau giờ chốt (mặc định 15:00) thì tính từ sáng ngày làm việc tiếp theo.")
@click.option("--unit", "unit_code", metavar="MÃ",
              help="Dùng lịch của đơn vị (tên viết tắt, đường dẫn như UBND/VP, hoặc mã định danh).")
@click.option("--explain", is_flag=True, help="In thêm cách tính (ra stderr).")
@with_appcontext
def deadline_command(start: Optional[str], working_days: Optional[str], working_hours: Optional[str],
                     calendar_days: Optional[str], after_cutoff_rule: bool, unit_code: Optional[str],
                     explain: bool) -> None:
    """Tính hạn xử lý theo ngày/giờ làm việc, ngày nghỉ lễ, Tết và lịch hoán đổi."""
    from eoffice.calendar import service
    from eoffice.calendar.engine import compute_deadline
    from eoffice.errors import ServiceError

    try:
        calendar = service.calendar_for(_unit_id(unit_code))
        result = compute_deadline(
            _start(start), working_days=working_days, working_hours=working_hours, calendar_days=calendar_days,
            after_cutoff_rule=after_cutoff_rule, calendar=calendar,
        )
    except ServiceError as exc:
        _fail(exc.message)
    click.echo(result.due.isoformat(timespec="minutes" if result.due.second == 0 else "seconds"))
    if explain:
        for line in result.explanation():
            click.echo(line, err=True)


@click.group("calendar")
def calendar_group() -> None:
    """Lịch làm việc: ngày nghỉ lễ, Tết, hoán đổi và ngày do cơ quan khai báo."""


@calendar_group.command("show")
@click.argument("year", type=int)
@click.option("--unit", "unit_code", metavar="MÃ", help="Lịch của đơn vị (gồm cả ngày đơn vị cấp trên khai báo).")
@with_appcontext
def calendar_show(year: int, unit_code: Optional[str]) -> None:
    """Liệt kê ngày nghỉ và ngày làm việc bù của năm, kèm nguồn (statutory/announced/admin)."""
    from eoffice.calendar import service
    from eoffice.calendar.days import DAY_OFF, weekday_name
    from eoffice.calendar.grid import SOURCE_LABELS
    from eoffice.errors import ServiceError

    try:
        calendar = service.calendar_for(_unit_id(unit_code))
        rows = calendar.year_listing(year)
    except ServiceError as exc:
        _fail(exc.message)
    scope = f"đơn vị {unit_code}" if unit_code else "toàn cơ quan"
    click.echo(f"Lịch năm {year} ({scope}); giờ làm việc {calendar.hours.periods_text()}")
    click.echo(f"Nguồn: statutory = {SOURCE_LABELS['statutory']}, announced = {SOURCE_LABELS['announced']}, "
               f"admin = {SOURCE_LABELS['admin']}")
    for row in rows:
        kind = "nghỉ" if row.kind == DAY_OFF else "làm việc"
        click.echo(f"{row.day.isoformat()}  {weekday_name(row.day):<9} {kind:<9} {row.source:<{SOURCE_WIDTH}} {row.name}")
    off = sum(1 for r in rows if r.kind == DAY_OFF and r.day.weekday() < 5)
    extra = sum(1 for r in rows if r.kind != DAY_OFF)
    click.echo(f"Tổng: {off} ngày nghỉ rơi vào ngày thường, {extra} ngày làm việc bù.")
