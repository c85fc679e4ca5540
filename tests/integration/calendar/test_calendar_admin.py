"""The admin's yearly calendar: the page, the rules behind it, audit, permissions, and the
calendar the rest of the app then uses (per unit, inherited from the parent units)."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from eoffice.audit.models import AuditEntry
from eoffice.auth.permissions import PermissionDenied
from eoffice.calendar import admin, service
from eoffice.calendar.errors import (
    ContradictoryOverrides,
    DuplicateOverride,
    InvalidOverride,
    InvalidWorkingHours,
    RedundantOverride,
    UnknownUnit,
)
from eoffice.calendar.models import CalendarOverride
from eoffice.db import db
from tests.helpers import csrf_token, login

PASSWORD = "LichNam@2026"  # the password of the accounts in conftest.py


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def signed_in(app, username: str):
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    return client


def flashes(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r'class="flash flash-\w+"[^>]*>(.*?)</div>', html, re.S)]


def post_override(client, **data):
    token = csrf_token(client, "/admin/calendar?year=2026")
    fields = {"day": "", "kind": "day_off", "reason": "", "source": "", "unit_id": "0", **data}
    return client.post("/admin/calendar/overrides", data={"csrf_token": token, **fields})


# --- the page -------------------------------------------------------------------------------------
def test_the_year_page_shows_twelve_months_a_legend_and_the_sources(app, office):
    html = signed_in(app, "quantri").get("/admin/calendar?year=2026").get_data(as_text=True)
    assert html.count('class="cal-month"') == 12
    for text in ("Tháng 1", "Tháng 12", "Nghỉ hằng tuần", "Nghỉ lễ, Tết theo Bộ luật Lao động",
                 "Làm việc bù theo thông báo của Chính phủ", "Nghỉ thêm do cơ quan/đơn vị khai báo"):
        assert text in html
    # Tết 2026 (9441/TB-BNV) and the New Year swap (12729/VPCP-KGVX) are styled apart
    assert re.search(r'class="cal-day cal-holiday[^"]*"[^>]*data-day="2026-02-17"', html)
    assert re.search(r'class="cal-day cal-announced-off[^"]*"[^>]*data-day="2026-01-02"', html)
    assert re.search(r'class="cal-day cal-announced-work[^"]*"[^>]*data-day="2026-01-10"', html)
    assert re.search(r'class="cal-day cal-weekend[^"]*"[^>]*data-day="2026-01-11"', html)
    assert "12729/VPCP-KGVX" in html and "Chính phủ công bố" in html
    assert 'href="/admin/calendar?year=2025"' in html and 'href="/admin/calendar?year=2027"' in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert all(re.fullmatch(r'<script src="/static/[^"]+">', tag) for tag in scripts), scripts  # no CDN, no inline


def test_an_admin_adds_a_day_off_through_the_page_and_it_is_audited(app, office):
    client = signed_in(app, "quantri")
    response = post_override(client, day="2026-03-09", reason="Nghỉ theo quyết định của tỉnh", source="Quyết định 12/QĐ-UBND")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/calendar?year=2026")
    row = db.session.scalars(select(CalendarOverride)).one()
    assert (row.day, row.kind, row.unit_id, row.created_by_id) == (date(2026, 3, 9), "day_off", None, office.admin.id)
    assert "calendar.override.create" in audit_actions()
    page = client.get("/admin/calendar?year=2026").get_data(as_text=True)
    assert "Đã thêm ngày nghỉ thêm 09/03/2026" in " ".join(flashes(page))
    assert re.search(r'class="cal-day cal-admin-off[^"]*"[^>]*data-day="2026-03-09"', page)
    assert not service.is_working_day(date(2026, 3, 9))


def test_a_unit_entry_shows_on_the_units_calendar_only(app, office):
    client = signed_in(app, "quantri")
    response = post_override(client, day="09/03/2026", reason="Lễ hội truyền thống xã", unit_id=str(office.commune.id))
    assert response.status_code == 302
    own = client.get(f"/admin/calendar?year=2026&unit={office.commune.id}").get_data(as_text=True)
    child = client.get(f"/admin/calendar?year=2026&unit={office.commune_office.id}").get_data(as_text=True)
    national = client.get("/admin/calendar?year=2026").get_data(as_text=True)
    for html in (own, child):  # the commune's office inherits the commune's day off
        assert re.search(r'class="cal-day cal-admin-off[^"]*"[^>]*data-day="2026-03-09"', html)
    assert not re.search(r'cal-admin-off[^"]*"[^>]*data-day="2026-03-09"', national)


@pytest.mark.parametrize(
    ("second", "fragment"),
    [
        ({"day": "2026-03-09", "kind": "day_off", "reason": "Nhập lại"}, "Mỗi ngày chỉ khai báo một lần"),
        ({"day": "2026-03-09", "kind": "working_day", "reason": "Làm việc"}, "vừa được khai báo là ngày nghỉ"),
    ],
    ids=["duplicate", "contradiction"],
)
def test_a_second_entry_for_the_same_date_and_scope_is_refused(app, office, second, fragment):
    client = signed_in(app, "quantri")
    assert post_override(client, day="2026-03-09", reason="Nghỉ theo quyết định của tỉnh").status_code == 302
    before = count(CalendarOverride), count(AuditEntry)
    response = post_override(client, **second)
    assert response.status_code == 400
    assert any(fragment in text for text in flashes(response.get_data(as_text=True)))
    assert (count(CalendarOverride), count(AuditEntry)) == before


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"day": "2026-03-08", "reason": "Nghỉ"}, "đã là ngày nghỉ"),  # a Sunday
        ({"day": "2026-02-17", "kind": "day_off", "reason": "Nghỉ Tết"}, "đã là ngày nghỉ"),  # Tết, 9441/TB-BNV
        ({"day": "2026-01-10", "kind": "working_day", "reason": "Làm bù"}, "đã là ngày làm việc"),  # 12729/VPCP-KGVX
        ({"day": "31/02/2026", "reason": "Nghỉ"}, "không phải là ngày có thật"),
        ({"day": "", "reason": "Nghỉ"}, "Hãy chọn ngày"),
        ({"day": "2026-03-09", "reason": "   "}, "Hãy ghi lý do"),
        ({"day": "2026-03-09", "kind": "holiday", "reason": "Nghỉ"}, "Hãy chọn loại ngày"),
        ({"day": "1990-03-09", "reason": "Nghỉ"}, "1995–2099"),
        ({"day": "2026-03-09", "reason": "Nghỉ", "unit_id": "99999"}, "Không có đơn vị"),
    ],
    ids=["sunday", "tet", "known swap", "bad date", "no date", "no reason", "bad kind", "year", "unknown unit"],
)
def test_bad_entries_are_refused_with_a_vietnamese_flash_and_change_nothing(app, office, data, fragment):
    client = signed_in(app, "quantri")
    response = post_override(client, **data)
    assert response.status_code == 400
    messages = flashes(response.get_data(as_text=True))
    assert any(fragment in text for text in messages), messages
    assert count(CalendarOverride) == 0 and "calendar.override.create" not in audit_actions()


def test_deleting_asks_for_confirmation_then_removes_and_audits(app, office):
    row = admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="Nghỉ theo quyết định của tỉnh")
    client = signed_in(app, "quantri")
    listing = client.get("/admin/calendar?year=2026").get_data(as_text=True)
    assert f"/admin/calendar?year=2026&amp;delete={row.id}" in listing
    assert 'data-testid="delete-confirm"' not in listing
    confirm = client.get(f"/admin/calendar?year=2026&delete={row.id}").get_data(as_text=True)
    assert 'data-testid="delete-confirm"' in confirm and "Xóa mục này khỏi lịch?" in confirm
    token = csrf_token(client, f"/admin/calendar?year=2026&delete={row.id}")
    response = client.post("/admin/calendar/overrides/delete", data={"csrf_token": token, "override_id": str(row.id)})
    assert response.status_code == 302
    assert count(CalendarOverride) == 0
    assert audit_actions()[-1] == "calendar.override.delete"
    assert "Đã xóa mục 09/03/2026" in " ".join(flashes(client.get(response.headers["Location"]).get_data(as_text=True)))
    assert service.is_working_day(date(2026, 3, 9))


def test_deleting_an_entry_that_is_gone_says_so(app, office):
    client = signed_in(app, "quantri")
    token = csrf_token(client, "/admin/calendar?year=2026")
    response = client.post("/admin/calendar/overrides/delete", data={"csrf_token": token, "override_id": "4242"})
    assert response.status_code == 302
    assert any("Không tìm thấy mục lịch năm" in t for t in flashes(client.get(response.headers["Location"]).get_data(as_text=True)))


# --- permissions -----------------------------------------------------------------------------------
def test_a_specialist_reads_the_calendar_but_cannot_edit_it(app, office):
    row = admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="Nghỉ theo quyết định của tỉnh")
    client = signed_in(app, "chuyenvien")
    page = client.get("/calendar?year=2026")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="cal-month"' in html and 'data-testid="override-form"' not in html and "/admin/calendar" not in html
    assert client.get("/admin/calendar").status_code == 403
    token = csrf_token(client, "/calendar")
    assert client.post("/admin/calendar/overrides", data={"csrf_token": token, "day": "2026-03-10", "kind": "day_off",
                                                          "reason": "x", "unit_id": "0"}).status_code == 403
    assert client.post("/admin/calendar/overrides/delete", data={"csrf_token": token, "override_id": str(row.id)}).status_code == 403
    assert count(CalendarOverride) == 1
    with pytest.raises(PermissionDenied):
        admin.add_override(office.specialist_actor, day="2026-03-10", kind="day_off", reason="Nghỉ")


def test_anonymous_visitors_are_sent_to_login(app, office):
    for url in ("/calendar", "/admin/calendar"):
        response = app.test_client().get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_menu_shows_each_role_its_calendar_entry(app, office):
    admin_home = signed_in(app, "quantri").get("/calendar").get_data(as_text=True)
    specialist_home = signed_in(app, "chuyenvien").get("/calendar").get_data(as_text=True)
    assert 'href="/admin/calendar"' in admin_home and 'href="/calendar"' in admin_home
    assert 'href="/admin/calendar"' not in specialist_home and 'href="/calendar"' in specialist_home


# --- the calendar the app uses ---------------------------------------------------------------------
def test_a_unit_inherits_its_ancestors_days_and_its_own_entry_wins(app, office):
    admin.add_override(office.admin_actor, day="2026-03-20", kind="day_off", reason="Toàn tỉnh nghỉ",
                       unit_id=office.province.id)
    admin.add_override(office.admin_actor, day="2026-03-20", kind="working_day", reason="Xã trực làm việc",
                       unit_id=office.commune.id)
    assert service.is_working_day(date(2026, 3, 20))  # the organisation-wide calendar
    assert not service.is_working_day(date(2026, 3, 20), office.office.id)  # VP of the province inherits
    assert service.is_working_day(date(2026, 3, 20), office.commune.id)
    assert service.is_working_day(date(2026, 3, 20), office.commune_office.id)


def test_changes_reach_calendars_already_built_in_the_same_request(app, office):
    assert service.is_working_day(date(2026, 3, 9))
    admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="Nghỉ đột xuất")
    assert not service.is_working_day(date(2026, 3, 9))


def test_the_database_refuses_a_second_entry_for_a_units_date(app, office):
    with pytest.raises(DuplicateOverride):
        admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="A", unit_id=office.commune.id)
        admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="B", unit_id=office.commune.id)
    with pytest.raises(ContradictoryOverrides):
        admin.add_override(office.admin_actor, day="2026-03-09", kind="working_day", reason="C", unit_id=office.commune.id)


def test_the_same_date_is_fine_in_another_scope(app, office):
    admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="Lễ hội xã", unit_id=office.commune.id)
    admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="Tỉnh nghỉ")
    assert count(CalendarOverride) == 2


def test_an_unknown_unit_is_an_error_not_the_national_calendar(app, office):
    with pytest.raises(UnknownUnit) as info:
        service.calendar_for(987654)
    assert "Không có đơn vị" in info.value.message
    with pytest.raises(UnknownUnit):
        service.find_unit("KHONGCO")
    assert service.find_unit("xch").id == office.commune.id
    assert service.find_unit("000.00.00.H34").id == office.province.id


def test_an_inactive_unit_gets_no_new_entries(app, office):
    from eoffice.org import service as org

    org.set_unit_active(office.admin_actor, office.commune_office, False)
    with pytest.raises(InvalidOverride) as info:
        admin.add_override(office.admin_actor, day="2026-03-09", kind="day_off", reason="Nghỉ", unit_id=office.commune_office.id)
    assert "ngừng hoạt động" in info.value.message


def test_redundant_entries_say_what_the_day_already_is(app, office):
    with pytest.raises(RedundantOverride) as info:
        admin.add_override(office.admin_actor, day="2026-09-02", kind="day_off", reason="Quốc khánh")
    assert "Quốc khánh" in info.value.message and "không cần khai báo" in info.value.message


# --- configuration -----------------------------------------------------------------------------------
def test_working_hours_and_the_due_soon_threshold_come_from_the_settings(make_app, database_url):
    app = make_app(database_url, extra={"working_hours": "07:30-11:30,13:00-17:00", "paper_cutoff": "16:00",
                                        "due_soon_hours": "4"})
    with app.app_context():
        calendar = service.calendar_for(None)
        assert calendar.hours.periods_text() == "07:30–11:30, 13:00–17:00"
        from eoffice.calendar import VN, counting_start

        assert counting_start("2026-03-02T15:30", calendar=calendar, paper_after_cutoff=True).hour == 15
        due = datetime(2026, 3, 3, 17, 0, tzinfo=VN)
        assert service.timeliness_of(due, None, datetime(2026, 3, 3, 12, 0, tzinfo=VN)) == "due_soon"  # 4 h left
        assert service.timeliness_of(due, None, datetime(2026, 3, 3, 10, 0, tzinfo=VN)) == "in_time"  # 5.5 h left
        result = app.test_cli_runner().invoke(
            __import__("eoffice.cli", fromlist=["main"]).main,
            ["deadline", "--start", "2026-03-02T16:30", "--working-days", "1", "--after-cutoff-rule"],
        )
        assert result.stdout.strip() == "2026-03-03T17:00+07:00"


def test_bad_working_hours_stop_the_app_at_start_up(make_app, database_url):
    with pytest.raises(InvalidWorkingHours) as info:
        make_app(database_url, extra={"working_hours": "13:30-17:00,07:00-11:30"})
    assert "theo thứ tự" in info.value.message
