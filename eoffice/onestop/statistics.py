"""Period statistics that add up (DOMAIN.md §2): received = carried over + new (online / desk /
postal); and every received dossier is in exactly one of resolved (early + on time + late),
in progress (in time + overdue), waiting for supplement, suspended, refused or withdrawn.
Timeliness is the one shared rule (`classify_timeliness`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Optional

from sqlalchemy import or_, select

from eoffice.calendar import Timeliness, classify_timeliness
from eoffice.calendar import service as calendar
from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.onestop import clock
from eoffice.onestop.models import Dossier


@dataclass
class PeriodFigures:
    carried_over: int = 0
    new: dict[str, int] = field(default_factory=lambda: {"online": 0, "desk": 0, "postal": 0})
    resolved: dict[str, int] = field(default_factory=lambda: {"early": 0, "on_time": 0, "late": 0})
    in_progress: dict[str, int] = field(default_factory=lambda: {"in_time": 0, "overdue": 0})
    supplement: int = 0
    suspended: int = 0
    refused: int = 0
    withdrawn: int = 0

    @property
    def received(self) -> int:
        return self.carried_over + sum(self.new.values())

    @property
    def accounted(self) -> int:
        return (sum(self.resolved.values()) + sum(self.in_progress.values()) + self.supplement + self.suspended
                + self.refused + self.withdrawn)

    @property
    def on_time_percent(self) -> Optional[float]:
        done = sum(self.resolved.values())
        return round(100 * (self.resolved["early"] + self.resolved["on_time"]) / done, 1) if done else None

    @property
    def online_percent(self) -> Optional[float]:
        total = sum(self.new.values())
        return round(100 * self.new["online"] / total, 1) if total else None


def _before(moment: Optional[datetime], limit: datetime) -> bool:
    return moment is not None and moment < limit


def period_figures(first: date, last: date, agency_unit_id: Optional[int] = None) -> PeriodFigures:
    """The figures of the days `first`…`last` (Vietnam time), for one agency or all."""
    start = datetime.combine(first, time.min, VN)
    end = datetime.combine(last + timedelta(days=1), time.min, VN)
    seen_at = min(end, clock.now())
    query = select(Dossier).where(Dossier.received_at < end,
                                  or_(Dossier.resolved_at.is_(None), Dossier.resolved_at >= start),
                                  or_(Dossier.closed_at.is_(None), Dossier.closed_at >= start))
    if agency_unit_id is not None:
        query = query.where(Dossier.agency_unit_id == agency_unit_id)
    figures = PeriodFigures()
    for dossier in db.session.scalars(query):
        if dossier.received_at < start:
            figures.carried_over += 1
        else:
            figures.new[dossier.channel] += 1
        cal = calendar.calendar_for(dossier.agency_unit_id)
        if _before(dossier.resolved_at, end):
            result = classify_timeliness(dossier.deadline, dossier.resolved_at, calendar=cal)
            figures.resolved[(result or Timeliness.ON_TIME).value] += 1
        elif dossier.status == "rejected" and _before(dossier.closed_at, end):
            figures.refused += 1
        elif dossier.status == "withdrawn" and _before(dossier.closed_at, end):
            figures.withdrawn += 1
        elif dossier.status == "supplement":
            figures.supplement += 1
        elif dossier.status in ("suspended", "financial"):
            figures.suspended += 1
        else:
            result = classify_timeliness(dossier.deadline, None, seen_at, calendar=cal)
            figures.in_progress["overdue" if result is not None and result.is_late else "in_time"] += 1
    return figures


SATISFIED = ("rat_hai_long", "hai_long")


@dataclass
class Satisfaction:
    """The ratings given in a period (by the moment they were given), for one agency or all.

    Counts are per criterion answer (a dossier rated on five criteria gives five answers);
    the satisfied share is «Rất hài lòng» + «Hài lòng» over all answers."""

    dossiers: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"rat_hai_long": 0, "hai_long": 0, "khong_hai_long": 0})
    by_criterion: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def answers(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_percent(self) -> Optional[float]:
        total = self.answers
        return round(100 * sum(self.counts[v] for v in SATISFIED) / total, 1) if total else None


def satisfaction(first: date, last: date, agency_unit_id: Optional[int] = None) -> Satisfaction:
    """The satisfaction ratings given between `first` and `last` (Vietnam days)."""
    from eoffice.onestop.models import RATING_CRITERIA, DossierRating

    start = datetime.combine(first, time.min, VN)
    end = datetime.combine(last + timedelta(days=1), time.min, VN)
    query = (select(DossierRating.dossier_id, DossierRating.criterion, DossierRating.value)
             .join(Dossier, Dossier.id == DossierRating.dossier_id)
             .where(DossierRating.at >= start, DossierRating.at < end))
    if agency_unit_id is not None:
        query = query.where(Dossier.agency_unit_id == agency_unit_id)
    result = Satisfaction(by_criterion={key: {"rat_hai_long": 0, "hai_long": 0, "khong_hai_long": 0} for key in RATING_CRITERIA})
    rated: set[int] = set()
    for dossier_id, criterion, value in db.session.execute(query):
        rated.add(dossier_id)
        result.counts[value] = result.counts.get(value, 0) + 1
        result.by_criterion.setdefault(criterion, {}).setdefault(value, 0)
        result.by_criterion[criterion][value] += 1
    result.dossiers = len(rated)
    return result


def agencies_in_period(first: date, last: date) -> list[int]:
    """The agencies with a dossier counted in the period (received before its end)."""
    end = datetime.combine(last + timedelta(days=1), time.min, VN)
    ids = select(Dossier.agency_unit_id).where(Dossier.received_at < end).distinct()
    return sorted(db.session.scalars(ids))
