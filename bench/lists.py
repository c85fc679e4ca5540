#!/usr/bin/env python3
"""Queues, lists, registers and the list API at 100,000 documents, 20 users at once.

    source /work/servers.sh NAME      # or any PostgreSQL you may wipe
    .venv/bin/python bench/lists.py --database-url "$EOFFICE_TEST_DATABASE_URL"
    .venv/bin/python bench/lists.py --database-url … --documents 100000 --users 20 --requests 5
    .venv/bin/python bench/lists.py --database-url … --reuse     # measure again, no refill
    .venv/bin/python bench/lists.py --database-url … --reuse --explain   # the plans' key lines

**The database is wiped** (schema dropped, migrated from scratch), the demo office loaded, then
`--documents` work items are written in bulk as the services would leave them (work items with
their folded search text, the kind's rows, assignments and readers): half incoming documents
in the office clerk's register over the last two years (a tenth waiting to be presented, the
rest routed to a department, a third of those finished), a quarter outgoing documents (two
thirds issued with their number in the year's register) and a quarter tasks. Titles are drawn
from real documents' wording, so a text filter matches as many rows as it would in an office.

Then, for each page, `--users` threads, each signed in as the clerk (the chairperson for the
task list) in its own client, GET it `--requests` times each, started together after a
warm-up. Prints p50 / p95 / max of the whole request and, beside it, the SQL time inside it
(summed per request from the engine's cursor events), so what is the database and what is
Python is plain.
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
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from audit import build_app, wipe_and_migrate  # noqa: E402  (bench/audit.py: the same fresh office)
from bench.timing import percentile  # noqa: E402

BATCH = 5000
SUBJECTS = [
    "Quyết định về việc thành lập Hội đồng thi đua khen thưởng {n}",
    "QUI ĐỊNH VỀ QUẢN LÍ TÀI SẢN CÔNG TẠI CƠ QUAN {n}",
    "Về việc triển khai kế hoạch cải cách hành chính năm {n}",
    "V/v báo cáo tình hình kinh tế – xã hội tháng {n}",
    "Kế hoạch kiểm tra an toàn thực phẩm dịp Tết {n}",
    "Về việc cải tạo nhà ở xuống cấp khu dân cư số {n}",
    "Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp {n}",
    "Về việc đề nghị hỗ trợ kinh phí phòng chống thiên tai {n}",
    "Hướng dẫn thực hiện chế độ chính sách đối với người có công {n}",
    "Về việc phê duyệt dự toán ngân sách năm {n}",
]
ISSUERS = ["Bộ Tài chính", "Bộ Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "UBND huyện Cam Lâm", "Văn phòng Chính phủ"]
NOTATIONS = ["QĐ-UBND", "NĐ-CP", "TT-BTC", "CV-STP", "KH-UBND", "TB-VPCP"]


def fill(documents: int, seed: int = 7) -> None:
    """The demo office plus `documents` work items of three kinds, written in bulk."""
    from eoffice.auth.models import User
    from eoffice.calendar import service as calendar
    from eoffice.db import db, utcnow
    from eoffice.demo import load_demo
    from eoffice.documents.models import IncomingDocument, IncomingRegister
    from eoffice.org.models import Unit
    from eoffice.outgoing.models import OutgoingDocument
    from eoffice.tasks.models import Task
    from eoffice.work.list_search import fold_for_search
    from eoffice.work.models import Assignment, WorkItem, WorkReader

    rnd = random.Random(seed)
    load_demo(with_documents=False)

    def user(name: str) -> User:
        return db.session.scalars(select(User).where(User.username == name)).one()

    clerk, chair, drafter = user("vanthu"), user("chutich"), user("chuyenvien")
    register = db.session.scalars(select(IncomingRegister).join(Unit).where(
        Unit.short_name == "VP", IncomingRegister.is_confidential.is_(False))).first()
    office = register.unit
    departments = list(db.session.scalars(select(Unit.id).where(Unit.parent_id == office.parent_id, Unit.id != office.id)))
    now = utcnow()
    this_year = calendar.now().year
    days = [calendar.now().date() + timedelta(days=d) for d in range(-21, 61)]
    deadlines = [calendar.end_of_working_day(d) for d in days if calendar.is_working_day(d)]
    conn = db.session.connection()
    next_id = (db.session.scalar(text("SELECT COALESCE(MAX(id), 0) FROM work_items")) or 0) + 1
    counters: dict[tuple[str, int], int] = {}

    def number(series: str, year: int) -> int:
        counters[(series, year)] = counters.get((series, year), 0) + 1
        return counters[(series, year)]

    def subject(n: int) -> str:
        return rnd.choice(SUBJECTS).format(n=n % 997 + 1)

    incoming_share, outgoing_share = documents // 2, documents // 4
    for start in range(0, documents, BATCH):
        items, incoming, outgoing, tasks, assignments, readers = [], [], [], [], [], []
        for n in range(start, min(start + BATCH, documents)):
            item_id = next_id + n
            title = subject(n)
            unit = rnd.choice(departments)
            created = now - timedelta(minutes=rnd.randint(0, 2 * 365 * 24 * 60))
            if n < incoming_share:
                year = created.year
                arrival = number("in", year)
                code, notation, issuer = str(rnd.randint(1, 999)), rnd.choice(NOTATIONS), rnd.choice(ISSUERS)
                roll = rnd.random()
                status = "submitted" if roll < 0.1 else "done" if roll < 0.4 else "in_progress"
                deadline = rnd.choice(deadlines) if status != "submitted" else None
                parts = [title, issuer, f"{code}/{notation}", f"{arrival}/{year}"]
                items.append({"id": item_id, "kind": "incoming", "title": title, "owner_unit_id": office.id, "secrecy": 0,
                              "status": status, "deadline": deadline, "closed_at": created if status == "done" else None,
                              "created_at": created, "search_text": fold_for_search(" ".join(parts))})
                incoming.append({"id": item_id, "register_id": register.id, "year": year, "arrival_number": arrival,
                                 "arrival_at": created, "channel": "paper", "issuer_name": issuer, "issuer_code": None,
                                 "code_number": code, "code_notation": notation, "issued_date": created.date(),
                                 "doc_type": notation.split("-")[0][:10], "signer_name": "", "signer_position": "",
                                 "urgency": 0, "notes": "", "registered_by_id": clerk.id, "result": "", "text_content": "",
                                 "follow_up_deadline": deadline})  # the lead part's, as the flush hook stores it
                principals = {f"clerk:{office.id}", f"user:{clerk.id}", "role:chu_tich", "role:chanh_van_phong"}
                if status != "submitted":
                    assignments.append({"work_item_id": item_id, "role": "lead", "unit_id": unit, "deadline": deadline,
                                        "instruction": "", "status": "done" if status == "done" else "pending",
                                        "assigned_by_id": chair.id, "assigned_at": created, "result": "", "return_reason": ""})
                    principals |= {f"user:{chair.id}", f"head:{unit}", f"unit:{unit}"}
            elif n < incoming_share + outgoing_share:
                issued = rnd.random() < 2 / 3
                year = created.year
                no = number("out", year) if issued else None
                notation = f"{no}/QĐ-UBND" if issued else ""
                items.append({"id": item_id, "kind": "outgoing", "title": title, "owner_unit_id": office.id, "secrecy": 0,
                              "status": "issued" if issued else "draft", "deadline": None, "closed_at": None,
                              "created_at": created, "search_text": fold_for_search(f"{title} {notation}")})
                outgoing.append({"id": item_id, "doc_type": "QĐ", "urgency": 0, "drafter_id": drafter.id,
                                 "signer_id": chair.id, "authority": "", "agency_unit_id": office.parent_id or office.id,
                                 "chain": [], "step": 0, "approved_sha256": "", "register_year": year if issued else None,
                                 "confidential_series": False, "number": no, "notation": notation,
                                 "issued_at": created if issued else None, "recall_reason": ""})
                principals = {f"user:{drafter.id}", f"user:{chair.id}", f"clerk:{office.id}", f"head:{office.id}"}
            else:
                deadline = rnd.choice(deadlines)
                done = rnd.random() < 0.5
                items.append({"id": item_id, "kind": "task", "title": title, "owner_unit_id": unit, "secrecy": 0,
                              "status": "done" if done else "in_progress", "deadline": deadline,
                              "closed_at": deadline if done else None, "created_at": created,
                              "search_text": fold_for_search(title)})
                tasks.append({"id": item_id, "content": "", "source": "ad_hoc", "source_note": "", "area": "",
                              "assigner_id": chair.id, "lead_unit_id": unit, "lead_user_id": None, "priority": 0,
                              "progress": 100 if done else 50, "original_deadline": deadline, "extension_count": 0,
                              "result": "", "done_at": deadline if done else None,
                              "finished_timeliness": "on_time" if done else None, "parent_id": None})
                principals = {f"user:{chair.id}", f"head:{unit}", f"unit:{unit}", "role:chu_tich", "role:chanh_van_phong"}
            readers += [{"work_item_id": item_id, "principal": p} for p in principals]
        conn.execute(insert(WorkItem.__table__), items)
        for table, rows in ((IncomingDocument.__table__, incoming), (OutgoingDocument.__table__, outgoing),
                            (Task.__table__, tasks), (Assignment.__table__, assignments)):
            if rows:
                conn.execute(insert(table), rows)
        conn.execute(insert(WorkReader.__table__), readers)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as c:
            c.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def pages(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(who, path) of every page measured: the clerk's queues, the registers, the lists with a
    text filter, and the list API."""
    from eoffice.calendar import service as calendar
    from eoffice.db import db
    from eoffice.documents.models import IncomingRegister
    from eoffice.org.models import Unit

    with app.app_context():
        register = db.session.scalars(select(IncomingRegister).join(Unit).where(
            Unit.short_name == "VP", IncomingRegister.is_confidential.is_(False))).first()
        today = calendar.now().date()
    week = f"from={today - timedelta(days=7):%Y-%m-%d}&to={today:%Y-%m-%d}"
    q = quote("thanh lap")
    return [
        ("vanthu", "/incoming/?tab=da_vao_so"),
        ("vanthu", "/incoming/?tab=chua_trinh"),
        ("vanthu", "/incoming/?tab=tat_ca"),
        ("vanthu", f"/incoming/?tab=tat_ca&q={q}"),
        ("vanthu", f"/incoming/?tab=tat_ca&q={quote('56/nd-cp')}"),
        ("vanthu", f"/incoming/registers/?register_id={register.id}&{week}"),
        ("vanthu", f"/incoming/registers/?register_id={register.id}&{week}&q={quote('quy dinh')}"),
        ("vanthu", "/outgoing/?tab=tat_ca"),
        ("vanthu", f"/outgoing/?tab=tat_ca&q={q}"),
        ("vanthu", f"/outgoing/register?year={today.year}&q={quote('quy dinh')}"),
        ("chutich", "/tasks/?tab=tat_ca"),
        ("chutich", f"/tasks/?tab=tat_ca&q={q}"),
        ("api:vanthu", "/api/v1/incoming?tab=da_vao_so&per_page=50"),
        ("api:vanthu", f"/api/v1/incoming?tab=tat_ca&q={q}"),
        ("api:vanthu", f"/api/v1/outgoing?tab=tat_ca&q={q}"),
        ("api:chutich", f"/api/v1/tasks?tab=tat_ca&q={q}"),
    ]


_CLIENTS: dict[tuple[str, int], object] = {}


def client_for(app, who: str, n: int = 0):  # type: ignore[no-untyped-def]
    """The n-th signed-in client of `who` ("api:name" for a token), signed in once per run:
    a sign-in hashes a password, which is not what the lists cost."""
    from tests.helpers import signed_in

    if (who, n) not in _CLIENTS:
        api, _, username = who.rpartition(":")
        with app.app_context():
            _CLIENTS[(who, n)] = signed_in(app.test_client(), username, api=bool(api))
    return _CLIENTS[(who, n)]


def measure(app, who: str, path: str, users: int, requests: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    from eoffice.db import db

    local = threading.local()
    with app.app_context():
        engine = db.engine

    def _start(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        local.started = time.perf_counter()

    def _end(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        local.sql = getattr(local, "sql", 0.0) + time.perf_counter() - local.started

    event.listen(engine, "before_cursor_execute", _start)
    event.listen(engine, "after_cursor_execute", _end)
    timings: list[tuple[float, float]] = []
    lock = threading.Lock()
    clients = [client_for(app, who, n) for n in range(users)]
    barrier = threading.Barrier(users)

    def user(client) -> None:  # type: ignore[no-untyped-def]
        assert client.get(path).status_code == 200, path  # warm-up
        barrier.wait()
        for _ in range(requests):
            local.sql = 0.0
            began = time.perf_counter()
            response = client.get(path)
            took = time.perf_counter() - began
            assert response.status_code == 200, (path, response.status_code)
            with lock:
                timings.append((took, local.sql))

    threads = [threading.Thread(target=user, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    event.remove(engine, "before_cursor_execute", _start)
    event.remove(engine, "after_cursor_execute", _end)
    return sorted(t for t, _ in timings), sorted(s for _, s in timings)


def pct(values: list[float], p: float) -> float:
    """The percentile in milliseconds."""
    return percentile(values, p) * 1000


def explain(app, who: str, path: str) -> None:  # type: ignore[no-untyped-def]
    """EXPLAIN ANALYZE of the slowest statement of one request: the plan's key lines."""
    from eoffice.db import db

    statements: list[tuple[float, str, object]] = []
    with app.app_context():
        engine = db.engine

    def _start(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        conn.info["began"] = time.perf_counter()

    def _end(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((time.perf_counter() - conn.info["began"], statement, parameters))

    client = client_for(app, who)
    client.get(path)
    event.listen(engine, "before_cursor_execute", _start)
    event.listen(engine, "after_cursor_execute", _end)
    client.get(path)
    event.remove(engine, "before_cursor_execute", _start)
    event.remove(engine, "after_cursor_execute", _end)
    took, statement, parameters = max(statements, key=lambda s: s[0])
    with engine.connect() as conn:
        plan = [row[0] for row in conn.exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters)]  # type: ignore[arg-type]
    keep = [line for line in plan if any(k in line for k in ("Scan", "Join", "Sort", "Limit", "Execution", "Filter"))]
    print(f"  slowest statement {took * 1000:.1f} ms; plan:")
    for line in keep[:14]:
        print("   ", line.rstrip()[:150])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the office a previous run filled (no wipe)")
    parser.add_argument("--explain", action="store_true", help="print each page's slowest statement's plan")
    parser.add_argument("--only", default="", help="measure only the pages whose path contains this")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="eoffice-bench-lists-"))
    app = build_app(args.database_url, data_dir)
    if not args.reuse:
        wipe_and_migrate(app)
    began = time.perf_counter()
    with app.app_context():
        if not args.reuse:
            fill(args.documents)
        from eoffice.db import db
        from eoffice.work.models import WorkItem

        kinds = dict(db.session.execute(select(WorkItem.kind, func.count()).group_by(WorkItem.kind)).all())
    print(f"{sum(kinds.values())} work items {kinds} written in {time.perf_counter() - began:.1f} s "
          f"({app.extensions['eoffice.settings'].database_url.split('@')[-1]})")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores); "
          f"{args.users} users × {args.requests} requests per page")
    print(f"{'page':<82} {'p50':>7} {'p95':>7} {'max':>7} │ {'SQL p50':>7} {'SQL p95':>7}")
    for who, path in pages(app):
        if args.only and args.only not in path:
            continue
        took, sql = measure(app, who, path, args.users, args.requests)
        label = f"{who} {path}"[:82]
        print(f"{label:<82} {pct(took, 50):7.1f} {pct(took, 95):7.1f} {took[-1] * 1000:7.1f} │ "
              f"{pct(sql, 50):7.1f} {pct(sql, 95):7.1f}   (mean SQL share {statistics.mean(sql) / statistics.mean(took) * 100:.0f} %)",
              flush=True)
        if args.explain:
            explain(app, who, path)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
