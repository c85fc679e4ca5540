"""The admin-maintained calendar on top of the statutory and announced holidays."""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db import TimestampMixin, db
from eoffice.org.models import Unit

OVERRIDE_KINDS = {"day_off": "Ngày nghỉ thêm", "working_day": "Ngày làm việc bù"}


class CalendarOverride(TimestampMixin, db.Model):
    """An extra day off or an extra working day, for the whole organisation or one unit."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("day", "unit_id", name="uq_calendar_overrides_day_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(200), default="")  # the decision it rests on
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    unit: Mapped[Optional[Unit]] = relationship()

    @property
    def kind_label(self) -> str:
        return OVERRIDE_KINDS.get(self.kind, self.kind)
