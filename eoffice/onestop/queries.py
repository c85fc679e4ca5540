"""Lists of dossiers a person may read (through the materialised readers), and their queue."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from eoffice.auth.principals import principals_of
from eoffice.db import db
from eoffice.onestop.access import may_act_on_step
from eoffice.onestop.models import CLOSED_STATES, Dossier
from eoffice.work.models import WorkReader

TABS = {"cho_toi": "Chờ tôi xử lý", "dang_giai_quyet": "Đang giải quyết", "tat_ca": "Tất cả"}
LIMIT = 500


def readable(user: Any) -> list[Dossier]:
    # IN (subquery), not DISTINCT: PostgreSQL cannot compare the JSON columns DISTINCT would.
    ids = select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user)))
    query = select(Dossier).where(Dossier.id.in_(ids)).order_by(Dossier.id.desc()).limit(LIMIT)
    return list(db.session.scalars(query))


def listing(user: Any, tab: str) -> list[Dossier]:
    items = readable(user)
    if tab == "cho_toi":
        from eoffice.auth.permissions import can

        return [d for d in items if may_act_on_step(user, d) or (d.status in ("new", "resolved", "supplement")
                                                                 and can(user, "onestop.desk", d))]
    if tab == "dang_giai_quyet":
        return [d for d in items if d.status not in CLOSED_STATES]
    return items


def tracking_book(user: Any, first: date, last: date) -> list[dict[str, Any]]:
    """Sổ theo dõi hồ sơ (form 06): the dossiers the person may read received between two days,
    oldest first, each with its timeliness by the one shared rule."""
    from eoffice.calendar import classify_timeliness
    from eoffice.calendar import service as calendar
    from eoffice.calendar.timezone import VN

    start = datetime.combine(first, time.min, VN)
    end = datetime.combine(last + timedelta(days=1), time.min, VN)
    ids = select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user)))
    query = (select(Dossier).where(Dossier.id.in_(ids), Dossier.received_at >= start, Dossier.received_at < end)
             .order_by(Dossier.received_at, Dossier.id).limit(5000))
    rows = []
    for number, dossier in enumerate(db.session.scalars(query), start=1):
        result = classify_timeliness(dossier.deadline, dossier.resolved_at, calendar=calendar.calendar_for(dossier.agency_unit_id))
        rows.append({"number": number, "dossier": dossier, "timeliness": result.label if result else ""})
    return rows
