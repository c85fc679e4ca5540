"""Typed input and output of the calendar API (deadlines and the year's days off)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

from pydantic import Field

from eoffice.api.schemas import Id, Output, Query, UserDate
from eoffice.calendar.engine import MAX_WORKING_DAYS
from eoffice.calendar.statutory import FIRST_YEAR, LAST_YEAR


class DeadlineQuery(Query):
    start: UserDate = Field(None, title="Ngày bắt đầu tính (mặc định: hôm nay)")
    working_days: Annotated[int, Field(ge=0, le=MAX_WORKING_DAYS, title="Số ngày làm việc")] = 1
    unit_id: Optional[Id] = Field(None, title="Đơn vị (lịch riêng của đơn vị)")


class DeadlineOut(Output):
    start: date
    working_days: int
    deadline: date
    unit_id: Optional[int]


class YearQuery(Query):
    year: Optional[Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]] = Field(None, title="Năm (mặc định: năm nay)")
    unit_id: Optional[Id] = Field(None, title="Đơn vị")


class CalendarDayOut(Output):
    day: date
    kind: str
    name: str
    source: str


class YearOut(Output):
    year: int
    unit_id: Optional[int]
    working_days: int
    days: list[CalendarDayOut]
