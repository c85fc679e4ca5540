"""`eoffice deadline` and `eoffice calendar show`: what a person or a script gets on the
command line, with the admin's stored calendar applied. Each case names its source."""
from __future__ import annotations

from datetime import date

import pytest

from eoffice.calendar import admin
from eoffice.cli import main


def run(app, *args: str):
    return app.test_cli_runner().invoke(main, list(args))


@pytest.mark.parametrize(
    ("args", "expected", "source"),
    [
        (["--working-days", "3"], "2026-02-25T16:30+07:00", "issue 4 example; Tết 16–20/02/2026 per 9441/TB-BNV"),
        (["--working-days", "3", "--after-cutoff-rule"], "2026-02-25T17:00+07:00",
         "DOMAIN.md §2: paper after 15:00 counts from the next working morning (Mon 23/02 07:00)"),
        (["--working-hours", "4"], "2026-02-23T10:30+07:00", "30 min on Fri 13/02, then Tết, 3.5 h on Mon 23/02"),
        (["--calendar-days", "10"], "2026-02-23T17:00+07:00",
         "Civil Code art. 148: last day 23/02 (10 days after 13/02) is a working day"),
        (["--working-days", "1", "--working-hours", "2"], "2026-02-24T08:30+07:00",
         "10 working hours: 0.5 h Fri 13/02, 8 h Mon 23/02, 1.5 h Tue 24/02"),
    ],
    ids=["3 working days", "cut-off rule", "4 working hours", "10 calendar days", "days and hours"],
)
def test_deadline_prints_the_due_moment_in_iso_8601_with_the_vietnam_offset(app, args, expected, source):
    result = run(app, "deadline", "--start", "2026-02-13T16:30", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == expected


def test_deadline_explains_its_working_on_request(app):
    result = run(app, "deadline", "--start", "2026-02-13T16:30", "--working-days", "3", "--after-cutoff-rule", "--explain")
    assert result.exit_code == 0
    assert result.stdout.strip() == "2026-02-25T17:00+07:00"
    assert "giờ chốt" in result.stderr and "16/02/2026" in result.stderr


def test_deadline_accepts_a_start_with_an_offset(app):
    # 02:00 UTC is 09:00 in Hà Nội: Mon 09:00 + 1 working day = Tue 09:00 (issue 4 example)
    result = run(app, "deadline", "--start", "2026-03-02T02:00+00:00", "--working-days", "1")
    assert result.stdout.strip() == "2026-03-03T09:00+07:00"


def test_deadline_uses_the_units_calendar_inherited_from_its_parent(app, office):
    admin.add_override(office.admin_actor, day="2026-03-03", kind="day_off", reason="Lễ hội truyền thống xã",
                       source="Quyết định 05/QĐ-UBND của UBND xã", unit_id=office.commune.id)
    plain = run(app, "deadline", "--start", "2026-03-02T09:00", "--working-days", "1")
    for code in ("XCH", "000.00.07.H34", "XCH/VP", "UBND/XCH/VP"):
        commune = run(app, "deadline", "--start", "2026-03-02T09:00", "--working-days", "1", "--unit", code)
        assert commune.exit_code == 0, commune.output
        assert commune.stdout.strip() == "2026-03-04T09:00+07:00", code
    assert plain.stdout.strip() == "2026-03-03T09:00+07:00"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--working-days", "-1"], "không được âm"),
        (["--working-days", "ba"], "phải là một số"),
        (["--working-days", "99999"], "10 năm"),
        (["--working-days", "1", "--calendar-days", "3"], "không được kết hợp"),
        ([], "Hãy nhập thời hạn"),
        (["--working-days", "1", "--unit", "KHONGCO"], "Không tìm thấy đơn vị “KHONGCO”"),
        (["--working-days", "1", "--unit", "VP"], "Có 2 đơn vị cùng tên viết tắt “VP”"),
    ],
    ids=["negative", "not a number", "absurd", "mixed units", "no duration", "unknown unit", "ambiguous unit"],
)
def test_bad_deadline_input_exits_non_zero_with_a_vietnamese_message(app, office, args, fragment):
    result = run(app, "deadline", "--start", "2026-03-02T09:00", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stdout == ""


def test_a_malformed_start_is_refused(app):
    result = run(app, "deadline", "--start", "13/02/2026 16:30", "--working-days", "1")
    assert result.exit_code == 2 and "ISO 8601" in result.stderr


def test_calendar_show_lists_days_off_and_working_days_with_their_source(app, office):
    admin.add_override(office.admin_actor, day=date(2026, 3, 9), kind="day_off", reason="Nghỉ theo quyết định của tỉnh",
                       source="Quyết định 12/QĐ-UBND")
    result = run(app, "calendar", "show", "2026")
    assert result.exit_code == 0, result.output
    lines = {line[:10]: line for line in result.stdout.splitlines() if line[:4] == "2026"}
    assert "statutory" in lines["2026-01-01"] and "Tết Dương lịch" in lines["2026-01-01"]
    # 12729/VPCP-KGVX: Friday 02/01/2026 off, Saturday 10/01/2026 worked (not in holidays 0.109)
    assert "nghỉ" in lines["2026-01-02"] and "announced" in lines["2026-01-02"] and "12729/VPCP-KGVX" in lines["2026-01-02"]
    assert "làm việc" in lines["2026-01-10"] and "announced" in lines["2026-01-10"]
    # 9441/TB-BNV: Tết Bính Ngọ 16–20/02/2026; Saturday 22/08/2026 worked for Monday 31/08
    assert all(f"2026-02-{d}" in lines for d in ("16", "17", "18", "19", "20"))
    assert "làm việc" in lines["2026-08-22"]
    assert "admin" in lines["2026-03-09"] and "Quyết định 12/QĐ-UBND" in lines["2026-03-09"]
    assert list(lines) == sorted(lines)


def test_calendar_show_for_a_unit_includes_the_units_own_days(app, office):
    admin.add_override(office.admin_actor, day="2026-03-20", kind="day_off", reason="Lễ hội xã", unit_id=office.commune.id)
    assert "2026-03-20" in run(app, "calendar", "show", "2026", "--unit", "XCH").stdout
    assert "2026-03-20" not in run(app, "calendar", "show", "2026").stdout


def test_calendar_show_refuses_a_year_it_cannot_compute(app):
    result = run(app, "calendar", "show", "1900")
    assert result.exit_code == 2 and "1995–2099" in result.stderr
