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

In one Python process the 20 threads take turns on one interpreter lock, so that figure is
bounded by one core. `--servers N` measures again as the app is deployed (docker-compose runs
app ×2 behind a proxy): N `eoffice serve` processes (waitress), the users' HTTP clients spread
over them, the SQL time reported by each server in a response header that only the bench adds.
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
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select, text  # noqa: E402

from audit import build_app, wipe_and_migrate  # noqa: E402  (bench/audit.py: the same fresh office)
from bench.timing import percentile  # noqa: E402

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


def sql_timer(engine):  # type: ignore[no-untyped-def]
    """A thread-local sum of the time spent in SQL, from the engine's cursor events."""
    local = threading.local()
    local.sql = 0.0

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        local.started = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _end(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        local.sql = getattr(local, "sql", 0.0) + time.perf_counter() - local.started

    return local


def run_users(what: str, users: int, requests: int, sign_in: Callable[[int], Any],
              fetch: Callable[[Any], float]) -> None:
    """`users` threads, each signed in (`sign_in(k)` gives its client), one warm-up fetch,
    then all start together and fetch `requests` times; `fetch(client)` returns the SQL
    seconds of that request. Prints the page and SQL percentiles."""
    timings: list[tuple[float, float]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def user(k: int) -> None:
        client = sign_in(k)
        fetch(client)  # warm-up
        barrier.wait()
        for _ in range(requests):
            began = time.perf_counter()
            sql = fetch(client)
            took = time.perf_counter() - began
            with lock:
                timings.append((took, sql))

    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    pages = sorted(t for t, _ in timings)
    sql = sorted(s for _, s in timings)

    def pct(values: list[float], p: float) -> float:
        return percentile(values, p) * 1000

    print(f"{what}: {len(timings)} dashboard requests by {users} users at once in {wall:.1f} s ({len(timings) / wall:.1f} req/s)")
    print(f"page  p50 {pct(pages, 50):7.1f} ms   p95 {pct(pages, 95):7.1f} ms   max {pages[-1] * 1000:7.1f} ms")
    print(f"SQL   p50 {pct(sql, 50):7.1f} ms   p95 {pct(sql, 95):7.1f} ms   max {sql[-1] * 1000:7.1f} ms   "
          f"(mean share of the page {statistics.mean(s for _, s in timings) / statistics.mean(pages) * 100:.0f} %)")


def measure(app, users: int, requests: int) -> None:  # type: ignore[no-untyped-def]
    """The users' test clients in this one Python process (they share one interpreter lock)."""
    from eoffice.db import db
    from tests.helpers import login

    with app.app_context():
        timer = sql_timer(db.engine)

    def sign_in(k: int) -> Any:
        client = app.test_client()
        login(client, "chutich", "Demo@2026")
        return client

    def fetch(client: Any) -> float:
        timer.sql = 0.0
        response = client.get("/tasks/dashboard")
        assert response.status_code == 200, response.status_code
        return float(timer.sql)

    run_users("one Python process, test clients", users, requests, sign_in, fetch)


# --- Served as deployed: several `eoffice serve` (waitress) processes, clients over HTTP ------
def _serve(database_url: str, data_dir: str, port: int) -> None:
    """One app process as `eoffice serve` runs it (waitress, 8 threads), which also says in a
    response header how long the request spent in SQL (the bench's own hook, not the app's)."""
    from eoffice.cli import make_server
    from eoffice.db import db

    app = build_app(database_url, Path(data_dir))
    with app.app_context():
        timer = sql_timer(db.engine)

    @app.before_request
    def _reset() -> None:
        timer.sql = 0.0

    @app.after_request
    def _report(response):  # type: ignore[no-untyped-def]
        response.headers["X-Bench-Sql-Ms"] = f"{timer.sql * 1000:.2f}"
        return response

    make_server(app, "127.0.0.1", port, threads=8).run()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _signed_in_opener(base: str):  # type: ignore[no-untyped-def]
    """A chairperson's HTTP client (cookies kept), signed in through the real login form."""
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"csrf_token": token, "username": "chutich", "password": "Demo@2026"}).encode()
    opener.open(urllib.request.Request(f"{base}/login", data=form)).read()
    return opener


def _wait_until_up(port: int) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise SystemExit(f"the app on port {port} did not start")
            time.sleep(0.5)


def measure_served(database_url: str, servers: int, users: int, requests: int) -> None:
    """`servers` app processes on free ports; user k talks to server k mod `servers` (as a
    proxy spreading sessions would); the SQL time comes from each response's header."""
    import multiprocessing

    data_dir = tempfile.mkdtemp(prefix="eoffice-bench-served-")
    spawn = multiprocessing.get_context("spawn")
    ports = [_free_port() for _ in range(servers)]
    processes = [spawn.Process(target=_serve, args=(database_url, data_dir, port), daemon=True) for port in ports]
    for process in processes:
        process.start()
    try:
        for port in ports:
            _wait_until_up(port)

        def sign_in(k: int) -> Any:
            base = f"http://127.0.0.1:{ports[k % servers]}"
            return base, _signed_in_opener(base)

        def fetch(client: Any) -> float:
            base, opener = client
            with opener.open(f"{base}/tasks/dashboard") as response:
                response.read()
                assert response.status == 200, response.status
                return float(response.headers["X-Bench-Sql-Ms"]) / 1000

        run_users(f"{servers} served app processes (waitress, 8 threads each), over HTTP", users, requests, sign_in, fetch)
    finally:
        for process in processes:
            process.terminate()
            process.join(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="measure the office a previous run filled (no wipe)")
    parser.add_argument("--no-cache", action="store_true", help="build the board on every request (no per-viewer cache)")
    parser.add_argument("--servers", type=int, default=0,
                        help="also measure through this many served app processes over HTTP (as deployed; 0: skip)")
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
    if args.servers:
        if args.no_cache:
            print("(--no-cache applies to the in-process run only)")
        measure_served(args.database_url, args.servers, args.users, args.requests)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
