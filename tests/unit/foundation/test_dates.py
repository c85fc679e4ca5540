"""The one parser for dates people type: ISO or dd/mm/yyyy, a real day, inside 1900–2099."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from eoffice.dates import InvalidDate, parse_date


def test_iso_and_vietnamese_day_first_forms_mean_the_same_day():
    assert parse_date("2026-03-09", "Ngày") == parse_date("09/03/2026", "Ngày") == date(2026, 3, 9)
    assert parse_date(" 2026-03-09 ", "Ngày") == date(2026, 3, 9)
    assert parse_date(date(2026, 3, 9), "Ngày") == date(2026, 3, 9)


def test_blank_means_no_date():
    assert parse_date(None, "Ngày") is None and parse_date("", "Ngày") is None and parse_date("  ", "Ngày") is None


@pytest.mark.parametrize("value", ["2026-02-30", "31/04/2026", "hôm qua", "2026-3-9x", "x" * 10_000, "2026\x00-03-09"])
def test_a_value_that_is_no_real_day_names_the_field_and_the_forms(value):
    with pytest.raises(InvalidDate) as raised:
        parse_date(value, "Ngày văn bản")
    assert raised.value.message.startswith("Ngày văn bản") and "dd/mm/yyyy" in raised.value.message
    assert raised.value.status == 400 and len(raised.value.message) < 300


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", date(2100, 1, 1)])
def test_a_day_outside_the_years_an_office_can_mean_is_refused(value):
    with pytest.raises(InvalidDate) as raised:
        parse_date(value, "Từ ngày")
    assert "khoảng cho phép (01/01/1900 – 31/12/2099)" in raised.value.message


@pytest.mark.parametrize("value", [20260309, 2026.0, ["2026-03-09"], {"day": 9}, True, datetime(2026, 3, 9, 10)])
def test_a_value_that_is_not_a_date_string_is_refused(value):
    with pytest.raises(InvalidDate) as raised:
        parse_date(value, "Hạn xử lý")
    assert raised.value.message.startswith("Hạn xử lý")
