"""The counts table the chairperson's dashboard reads gives exactly the figures of the grouped
per-task query, on both databases: after random tasks go through many changes (given, split,
accepted, reported, done, confirmed, sent back, cancelled, extended, reassigned, deadlines
moved, made confidential), at several moments (timeliness is derived when read, so the counts
never go stale as days pass), and a rolled-back change leaves them as they were."""
from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, Callable

import pytest
from sqlalchemy import select

from eoffice.auth.permissions import PermissionDenied
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.tasks import assigning, counts, dashboard, lifecycle
from eoffice.tasks.access import may_read
from eoffice.tasks.models import Task
from eoffice.work import history
from eoffice.tasks.schemas import ConclusionIn, ConclusionsIn, DoneIn, ExtensionDecisionIn, ExtensionIn, ProgressIn, ReasonIn, SubTaskIn
from tests.integration.documents.conftest import actor, unit
from tests.integration.tasks.conftest import new_task

HEADS = {"KT": "truongphong", "STP": "giamdocstp", "NC": "truongphongnc"}
SPECIALISTS = {"KT": "chuyenvien", "STP": "chuyenvienstp"}


def _sums(groups: list[counts.Group]) -> dict[tuple[Any, Any, bool], dict[str, int]]:
    """Groups added up per (unit, person, level), zero cells left out, so two sources compare."""
    total: dict[tuple[Any, Any, bool], dict[str, int]] = {}
    for g in groups:
        cell = total.setdefault((g.lead_unit_id, g.lead_user_id, g.top), dict.fromkeys(dashboard.COLUMNS, 0))
        for column, n in g.counts.items():
            cell[column] += n
    return {k: v for k, v in total.items() if any(v.values())}


def _by_counts_table(user: Any, now: Any) -> dict[tuple[Any, Any, bool], dict[str, int]]:
    assert dashboard.reads_counts_table(user)
    return _sums(dashboard._groups(user, now, None, None))


def _by_query(user: Any, now: Any) -> dict[tuple[Any, Any, bool], dict[str, int]]:
    return _sums(dashboard.grouped_query(user, now))


def _lead(task: Task) -> Any:
    short = next(s for s in HEADS if unit(s).id == task.lead_unit_id)
    return actor(HEADS[short])


def _assigner(task: Task) -> Any:
    return actor("chutich" if task.assigner.username == "chutich" else task.assigner.username)


def _random_change(rnd: random.Random, tasks: list[Task]) -> None:
    task = rnd.choice(tasks)
    steps: list[Callable[[], Any]] = [
        lambda: lifecycle.accept(_lead(task), task),
        lambda: lifecycle.report_progress(_lead(task), task, ProgressIn(percent=rnd.randint(0, 90), text="Đang làm")),
        lambda: lifecycle.report_done(_lead(task), task, DoneIn(result="Đã xong")),
        lambda: lifecycle.confirm(_assigner(task), task),
        lambda: lifecycle.send_back(_assigner(task), task, ReasonIn(reason="Bổ sung số liệu")),
        lambda: lifecycle.cancel(_assigner(task), task, ReasonIn(reason="Không còn cần thiết")),
        lambda: (lifecycle.request_extension(_lead(task), task, ExtensionIn(reason="Chờ số liệu", working_days=rnd.randint(20, 40))),
                 lifecycle.decide_extension(_assigner(task), task, ExtensionDecisionIn(approve=rnd.random() < 0.7))),
    ]
    short = next(s for s in HEADS if unit(s).id == task.lead_unit_id)
    if short in SPECIALISTS and task.parent_id is None:
        specialist = actor(SPECIALISTS[short]).user
        steps.append(lambda: tasks.extend(assigning.split(_lead(task), task, [SubTaskIn(
            title="Phần việc", lead_user_id=specialist.id, working_days=rnd.randint(1, 3))])))

    def moved(**values: Any) -> Callable[[], None]:
        def change() -> None:
            # changes no service makes yet (reassigning, a deadline moved back, secrecy): the
            # hook counts them all the same; readers re-materialised as a service would
            for name, value in values.items():
                setattr(task, name, value)
            history.refresh_readers(task)
            db.session.commit()
        return change

    steps += [moved(deadline=utcnow() + timedelta(hours=rnd.randint(-24 * 20, 24 * 20))),
              moved(lead_unit_id=unit(rnd.choice(list(HEADS))).id, lead_user_id=None),
              moved(secrecy=rnd.choice((0, 0, 1))),
              moved(done_at=utcnow() - timedelta(days=rnd.randint(0, 150)))]  # finished in earlier months (the trend)
    try:
        rnd.choice(steps)()
    except (ServiceError, PermissionDenied):
        db.session.rollback()


def test_the_counts_table_gives_the_grouped_querys_figures_after_many_random_changes(office):
    rnd = random.Random(11)
    tasks: list[Task] = []
    for n in range(30):
        short = rnd.choice(list(HEADS))
        lead_user = actor(SPECIALISTS[short]).user.id if short in SPECIALISTS and rnd.random() < 0.4 else None
        tasks.append(new_task(rnd.choice(("chutich", "phochutich")), title=f"Nhiệm vụ {n}", lead_unit_id=unit(short).id,
                              lead_user_id=lead_user, secrecy=1 if rnd.random() < 0.15 else 0, working_days=rnd.randint(1, 25)))
    for _ in range(250):
        _random_change(rnd, tasks)
    db.session.expire_all()
    now = utcnow()
    chair, office_chief = actor("chutich").user, actor("chanhvanphong").user
    statuses = {t.status for t in db.session.scalars(select(Task))}
    assert {"assigned", "in_progress", "done", "confirmed", "cancelled"} <= statuses  # the changes reached every state
    for moment in (now, now + timedelta(days=2), now + timedelta(days=30), now - timedelta(days=15)):
        for viewer in (chair, office_chief):
            assert _by_counts_table(viewer, moment) == _by_query(viewer, moment)
            assert dashboard.monthly_trend(viewer, moment) == dashboard.monthly_trend(viewer, moment, by_counts=False)
    board = dashboard.build(chair, now)
    assert board.overall.counts["total"] == sum(1 for t in db.session.scalars(select(Task)) if t.parent_id is None
                                                and (not t.is_confidential or may_read(chair, t)))
    # counted afresh, the table holds the same cells the hook kept
    kept = {(c.key, c.n) for c in db.session.scalars(select(counts.TaskCount))}
    assert all(n > 0 for _, n in kept), "emptied cells are removed"
    counts.rebuild(db.session.connection())
    assert {(c.key, c.n) for c in db.session.scalars(select(counts.TaskCount))} == kept


def test_a_refused_operation_leaves_the_counts_as_they_were(office):
    new_task()
    before = {(c.key, c.n) for c in db.session.scalars(select(counts.TaskCount))}
    with pytest.raises(PermissionDenied):  # the second conclusion is outside a unit head's authority: neither is saved
        assigning.from_conclusions(actor("truongphong"), ConclusionsIn(meeting="Họp giao ban", conclusions=[
            ConclusionIn(title="Kết luận một", lead_unit_id=unit("KT").id, working_days=3),
            ConclusionIn(title="Kết luận hai", lead_unit_id=unit("STP").id, working_days=3)]))
    db.session.expire_all()
    assert {(c.key, c.n) for c in db.session.scalars(select(counts.TaskCount))} == before == {
        (c.key, 1) for c in db.session.scalars(select(counts.TaskCount))}


def test_a_unit_head_is_counted_task_by_task_and_a_chair_from_the_counts_table(office):
    task = new_task()
    head, chair = actor("truongphong").user, actor("chutich").user
    assert not dashboard.reads_counts_table(head) and dashboard.reads_counts_table(chair)
    now = utcnow()
    expected = {(task.lead_unit_id, None, True): {**dict.fromkeys(dashboard.COLUMNS, 0), "total": 1, "open": 1, "in_time": 1}}
    assert _sums(dashboard._groups(head, now, None, None)) == _by_counts_table(chair, now) == expected


def test_the_dashboard_cache_serves_the_same_board_until_a_task_change_is_committed(office):
    chair = actor("chutich").user
    first = dashboard.build(chair)
    assert dashboard.build(chair) is first, "asked again within seconds: the same board"
    new_task()
    second = dashboard.build(chair)
    assert second is not first and second.overall.counts["total"] == first.overall.counts["total"] + 1
    with pytest.raises(ServiceError):  # a refused change commits nothing: the board stays
        new_task(working_days=None)
    assert dashboard.build(chair) is second
    assert dashboard.build(actor("chanhvanphong").user) is not second, "each viewer has their own"
