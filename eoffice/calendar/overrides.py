"""The admin-maintained calendar: extra days off and extra working days, per date, with a
reason, for the whole organisation (unit None) or for one unit (e.g. a commune's own festival).

The engine takes them as plain values so the app can keep them in any table it likes.
Within one scope a date may appear once: two entries for the same date are a typing mistake
(the same swap entered twice) or a contradiction (day off and working day), and both are
refused with a clear message. An entry that repeats what the law or an announcement already
says is accepted — when the package or our data file later learns the same swap, existing
admin calendars must keep working.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from eoffice.calendar.days import DAY_KINDS, DayKind
from eoffice.calendar.errors import ContradictoryOverrides, DuplicateOverride, InvalidOverride
from eoffice.dates import InvalidDate, parse_date

KIND_LABELS = {"day_off": "ngày nghỉ", "working_day": "ngày làm việc"}


@dataclass(frozen=True)
class Override:
    """One admin calendar entry. `source` is the decision it rests on (e.g. "Quyết định số
    12/QĐ-UBND"); `unit` is a unit code, or None for the whole organisation."""

    day: date
    kind: DayKind
    reason: str
    source: str = ""
    unit: Optional[str] = None

    def __post_init__(self) -> None:
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise InvalidOverride(
                f"Ngày trong lịch năm phải là một ngày (không kèm giờ), nhận được “{self.day}”.", value=str(self.day)
            )
        if self.kind not in DAY_KINDS:
            raise InvalidOverride(
                f"Loại ngày “{self.kind}” không hợp lệ: chỉ nhận ngày nghỉ (day_off) hoặc ngày làm việc (working_day).",
                value=str(self.kind),
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise InvalidOverride(
                f"Hãy ghi lý do cho {KIND_LABELS[self.kind]} {self.day:%d/%m/%Y} (ví dụ: số văn bản quyết định)."
            )
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "source", (self.source or "").strip())
        unit = self.unit.strip() if isinstance(self.unit, str) else self.unit
        if unit is not None and (not isinstance(unit, str) or not unit):
            raise InvalidOverride("Mã đơn vị của ngày nghỉ/ngày làm việc riêng không hợp lệ.")
        object.__setattr__(self, "unit", unit)

    @classmethod
    def from_value(cls, value: Union[Override, Mapping[str, Any]]) -> Override:
        """Accept an Override or a mapping with day|date, kind, reason, source, unit|unit_code."""
        if isinstance(value, Override):
            return value
        if not isinstance(value, Mapping):
            raise InvalidOverride(f"Không đọc được mục lịch năm: {value!r}.")
        day = value.get("day", value.get("date"))
        if isinstance(day, str):
            try:
                day = parse_date(day, "Ngày")
            except InvalidDate as exc:
                raise InvalidOverride(exc.message, value=day) from None
        return cls(
            day=day, kind=value.get("kind"), reason=value.get("reason") or "",  # type: ignore[arg-type]
            source=value.get("source") or "", unit=value.get("unit", value.get("unit_code")),
        )

    @property
    def scope_label(self) -> str:
        return f"đơn vị {self.unit}" if self.unit else "toàn cơ quan"


OverrideLike = Union[Override, Mapping[str, Any]]


def validate_overrides(overrides: Iterable[OverrideLike]) -> list[Override]:
    """Parse and check the admin entries; raise on a date entered twice in the same scope.

    The admin page can call this before saving to show the same message the engine would."""
    parsed = [Override.from_value(v) for v in overrides]
    seen: dict[tuple[Optional[str], date], Override] = {}
    for item in parsed:
        key = (item.unit, item.day)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = item
        elif earlier.kind == item.kind:
            raise DuplicateOverride(
                f"Ngày {item.day:%d/%m/%Y} đã được khai báo là {KIND_LABELS[item.kind]} cho {item.scope_label} "
                f"(“{earlier.reason}”). Mỗi ngày chỉ khai báo một lần; hãy sửa mục đã có.",
                day=item.day.isoformat(), unit=item.unit,
            )
        else:
            raise ContradictoryOverrides(
                f"Ngày {item.day:%d/%m/%Y} vừa được khai báo là {KIND_LABELS[earlier.kind]} (“{earlier.reason}”) "
                f"vừa là {KIND_LABELS[item.kind]} (“{item.reason}”) cho {item.scope_label}. Hãy giữ lại một mục.",
                day=item.day.isoformat(), unit=item.unit,
            )
    return parsed


def unit_chain(unit: Union[str, Sequence[str], None]) -> tuple[str, ...]:
    """A unit code, or the codes from the outermost unit to the innermost (inner wins)."""
    if unit is None:
        return ()
    if isinstance(unit, str):
        return (unit.strip(),) if unit.strip() else ()
    return tuple(u.strip() for u in unit if u and u.strip())
