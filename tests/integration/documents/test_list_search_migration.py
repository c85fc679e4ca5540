"""Upgrading an office that has documents and tasks (migration g14l_list_search) gives every
work item the folded search text the app's listener writes, and every incoming document the
follow-up deadline its flush hook keeps (the lead unit's, after routing)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import select

from eoffice.calendar import add_working_days_to_date
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.documents import routing
from eoffice.documents.models import IncomingDocument
from eoffice.tasks import assigning
from eoffice.tasks.schemas import TaskIn
from eoffice.work.models import WorkItem
from tests.integration.documents.conftest import actor, register_new, unit


def _stored() -> dict[int, tuple[str, Optional[datetime]]]:
    items, docs = WorkItem.__table__, IncomingDocument.__table__
    rows = db.session.execute(select(items.c.id, items.c.search_text, docs.c.follow_up_deadline)
                              .outerjoin(docs, docs.c.id == items.c.id)).all()
    return {row.id: (row.search_text, row.follow_up_deadline) for row in rows}


def test_the_migration_folds_every_kind_and_stores_the_follow_up_deadline(office: Any) -> None:
    from flask_migrate import downgrade, upgrade

    routed = register_new(code_number="56", code_notation="2007/NĐ-CP", subject="QUYẾT ĐỊNH VỀ VIỆC THÀNH LẬP HỘI ĐỒNG")
    waiting = register_new(code_number="57", subject="Về việc cải tạo nhà ở xuống cấp")
    day = add_working_days_to_date(calendar.now().date(), 4)
    routing.route(actor("chutich"), routed, routing.SteeringInput(
        opinion="Phòng Kinh tế chủ trì.", lead=routing.UnitTarget(unit("KT").id, deadline=day)))
    task = assigning.assign(actor("chutich"), TaskIn(title="Xây dựng QUI ĐỊNH quản lí hồ sơ", area="Văn thư",
                                                      lead_unit_id=unit("KT").id, working_days=5))
    kept = _stored()
    assert "qui dinh quan li ho so van thu" in kept[task.id][0] and "56/2007/nd-cp" in kept[routed.id][0]
    assert kept[routed.id][1] == routed.lead_assignment.deadline and kept[waiting.id][1] is None
    db.session.remove()
    downgrade(revision="g14l_list_search-1")  # just below this migration, wherever it lands
    upgrade()
    assert _stored() == kept
    db.session.remove()
    db.engine.dispose()
