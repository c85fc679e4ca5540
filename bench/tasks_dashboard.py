#!/usr/bin/env python3
"""The chairperson's task dashboard at volume: 100,000 tasks over 200 units, 20 users at once.

    source /work/servers.sh NAME      # or any PostgreSQL you may wipe
    .venv/bin/python bench/tasks_dashboard.py --database-url "$EOFFICE_TEST_DATABASE_URL"
    .venv/bin/python bench/tasks_dashboard.py --tasks 100000 --units 200 --users 20 --requests 10
    .venv/bin/python bench/tasks_dashboard.py --database-url … --reuse    # measure again, no refill

**The database is wiped** (schema dropped, migrated from scratch), the demo office loaded, then
`--units` units with two people each and `--tasks` tasks are written in bulk (work items, task
rows and their readers, as the services would leave them): 55 % finished (early / on time /
late), 40 % open with deadlines (ends of working days, as the services set them) from three
weeks ago to two months ahead (overdue, due soon, in
time), 5 % cancelled; half led by a person, one in ten a sub-task. Then `--users` threads, each
signed in as the chairperson in its own client, GET /tasks/dashboard `--requests` times each,
started together after a warm-up. Prints the number of rows, p50 / p95 / max of the whole
page and, next to it, the SQL time inside those requests (summed per request from the engine's
cursor events), so what is the database and what is Python is plain.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select, text  # noqa: E402

from audit import build_app, wipe_and_migrate  # noqa: E402  (bench/audit.py: the same fresh office)

BATCH = 5000


def fill(tasks: int, units: int, seed: int = 7) -> None:
    """The demo office plus `units` units and `tasks` tasks, written in bulk."""
    from eoffice.auth.models import Membership, User
    from eoffice.db import db, utcnow
    from eoffice.demo import load_demo
    from eoffice.org.models import Unit
    from eoffice.tasks.models import Task
    from eoffice.work.models import WorkItem, WorkReader

    rnd = random.Random(seed)
    load_demo(with_documents=False)
    chair = db.session.scalar(select(User).where(User.username == "chutich"))
    root = db.session.scalar(select(Unit).where(Unit.short_name == "UBND", Unit.parent_id.is_(None)))
    from eoffice.calendar import service as calendar
    from eoffice.tasks import counts

    now = utcnow()
    today = calendar.now().date()
    # deadlines as the services set them: the end of a working day (calendar.due_by)
    days = [today + timedelta(days=d) for d in range(-21, 61)]
    deadlines = [calendar.end_of_working_day(d) for d in days if calendar.is_working_day(d)]
    conn = db.session.connection()
    conn.execute(insert(Unit), [{"parent_id": root.id, "kind": "so", "name": f"Đơn vị thử nghiệm số {i + 1}",
                                 "short_name": f"DV{i + 1}", "is_active": True, "created_at": now} for i in range(units)])
    unit_ids = list(db.session.scalars(select(Unit.id).where(Unit.short_name.like("DV%"))))
    conn.execute(insert(User), [{"username": f"cv{u}_{k}", "full_name": f"Chuyên viên {k + 1} đơn vị {u}",
                                 "password_hash": "!", "is_enabled": True, "locale": "vi", "failed_logins": 0,
                                 "session_version": 0, "created_at": now} for u in unit_ids for k in range(2)])
    people = {u: list(db.session.scalars(select(User.id).where(User.username.like(f"cv{u}\\_%", escape="\\"))))
              for u in unit_ids}
    conn.execute(insert(Membership), [{"user_id": p, "unit_id": u, "position": "Chuyên viên", "is_primary": True}
                                      for u, ps in people.items() for p in ps])
    next_id = (db.session.scalar(text("SELECT COALESCE(MAX(id), 0) FROM work_items")) or 0) + 1
    for start in range(0, tasks, BATCH):
        items, rows, readers = [], [], []
        for n in range(start, min(start + BATCH, tasks)):
            task_id = next_id + n
            unit = rnd.choice(unit_ids)
            lead = rnd.choice(people[unit]) if rnd.random() < 0.5 else None
            deadline = rnd.choice(deadlines)
            roll = rnd.random()
            done_at = finished = None
            if roll < 0.55:
                status = rnd.choice(("done", "confirmed"))
                finished = rnd.choice(("early", "on_time", "late"))
                done_at = deadline + (timedelta(hours=5) if finished == "late" else -timedelta(days=2 if finished == "early" else 0, hours=1))
            elif roll < 0.95:
                status = rnd.choice(("assigned", "accepted", "in_progress"))
            else:
                status = "cancelled"
            items.append({"id": task_id, "kind": "task", "title": f"Nhiệm vụ thử nghiệm số {n + 1}", "owner_unit_id": unit,
                          "secrecy": 0, "status": status, "deadline": deadline, "closed_at": done_at, "created_at": now})
            rows.append({"id": task_id, "content": "", "source": "ad_hoc", "source_note": "", "area": "", "assigner_id": chair.id,
                         "lead_unit_id": unit, "lead_user_id": lead, "priority": 0, "progress": 100 if done_at else rnd.randint(0, 90),
                         "original_deadline": deadline, "extension_count": 0, "result": "", "done_at": done_at,
                         "finished_timeliness": finished, "parent_id": None})
            readers += [{"work_item_id": task_id, "principal": p} for p in
                        {f"user:{chair.id}", f"head:{unit}", f"unit:{unit}", "role:chu_tich", "role:chanh_van_phong",
                         *([f"user:{lead}"] if lead else [])}]
        conn.execute(insert(WorkItem.__table__), items)
        conn.execute(insert(Task.__table__), rows)
        conn.execute(insert(WorkReader.__table__), readers)
    # One in ten is a sub-task of the task before it (same unit is not needed for the figures).
    conn.execute(text("UPDATE tasks SET parent_id = id - 1 WHERE id % 10 = 0 AND id - 1 IN (SELECT id FROM tasks)"))
    # written in bulk, past the session's flush hook: count them as the hook would have
    print(f"{counts.rebuild(conn)} count cells")
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as c:
            c.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def alone(app, requests: int = 10) -> None:  # type: ignore[no-untyped-def]
    """One client, one request at a time: what a request costs without queueing behind others."""
    from tests.helpers import login

    from eoffice.tasks import dashboard

    saved, dashboard.CACHE_SECONDS = dashboard.CACHE_SECONDS, 0  # every request builds the board
    try:
        client = app.test_client()
        login(client, "chutich", "Demo@2026")
        client.get("/tasks/dashboard")
        took = []
        for _ in range(requests):
            began = time.perf_counter()
            assert client.get("/tasks/dashboard").status_code == 200
            took.append(time.perf_counter() - began)
    finally:
        dashboard.CACHE_SECONDS = saved
    took.sort()
    print(f"one request alone, no cache ({requests} in a row): median {statistics.median(took) * 1000:.1f} ms, "
          f"min {took[0] * 1000:.1f} ms, max {took[-1] * 1000:.1f} ms")


def measure(app, users: int, requests: int) -> None:  # type: ignore[no-untyped-def]
    from eoffice.db import db

    local = threading.local()
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        local.started = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _end(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        local.sql = getattr(local, "sql", 0.0) + time.perf_counter() - local.started

    timings: list[tuple[float, float]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def user() -> None:
        from tests.helpers import login

        client = app.test_client()
        login(client, "chutich", "Demo@2026")
        client.get("/tasks/dashboard")  # warm-up
        barrier.wait()
        for _ in range(requests):
            local.sql = 0.0
            began = time.perf_counter()
            response = client.get("/tasks/dashboard")
            took = time.perf_counter() - began
            assert response.status_code == 200, response.status_code
            with lock:
                timings.append((took, local.sql))

    threads = [threading.Thread(target=user) for _ in range(users)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    pages = sorted(t for t, _ in timings)
    sql = sorted(s for _, s in timings)

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000

    print(f"{len(timings)} dashboard requests by {users} users at once in {wall:.1f} s ({len(timings) / wall:.1f} req/s)")
    print(f"page  p50 {pct(pages, 50):7.1f} ms   p95 {pct(pages, 95):7.1f} ms   max {pages[-1] * 1000:7.1f} ms")
    print(f"SQL   p50 {pct(sql, 50):7.1f} ms   p95 {pct(sql, 95):7.1f} ms   max {sql[-1] * 1000:7.1f} ms   "
          f"(mean share of the page {statistics.mean(s for _, s in timings) / statistics.mean(pages) * 100:.0f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="measure the office a previous run filled (no wipe)")
    parser.add_argument("--no-cache", action="store_true", help="build the board on every request (no per-viewer cache)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="eoffice-bench-tasks-"))
    app = build_app(args.database_url, data_dir)
    if not args.reuse:
        wipe_and_migrate(app)
    began = time.perf_counter()
    with app.app_context():
        if not args.reuse:
            fill(args.tasks, args.units)
        from eoffice.db import db
        from eoffice.tasks.models import Task

        count = db.session.scalar(select(__import__("sqlalchemy").func.count(Task.id)))
    print(f"{count} tasks over {args.units} units written in {time.perf_counter() - began:.1f} s "
          f"({app.extensions['eoffice.settings'].database_url.split('@')[-1]})")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    alone(app)
    from eoffice.tasks import dashboard

    if args.no_cache:
        dashboard.CACHE_SECONDS = 0
    print(f"per-viewer cache: {'off' if args.no_cache else f'{dashboard.CACHE_SECONDS:g} s'}")
    measure(app, args.users, args.requests)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
