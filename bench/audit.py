#!/usr/bin/env python3
"""Audit benchmark: incoming-document registrations per second, 20 clerks at once, with the
audit log on, off, and (for comparison) with the old one-head-row lock.

    source /work/servers.sh NAME      # or any PostgreSQL you may wipe
    .venv/bin/python bench/audit.py --database-url "$EOFFICE_TEST_DATABASE_URL"
    .venv/bin/python bench/audit.py --clerks 20 --docs 30 --registers own    # default
    .venv/bin/python bench/audit.py --registers shared                       # all into one register
    .venv/bin/python bench/audit.py --processes 4       # 20 clerks over 4 server processes (5 threads each)

**The database is wiped** (schema dropped, migrated from scratch), then the demo office is loaded
(`load_demo(with_documents=False)`) and 20 clerk accounts are added, each in its own department
with its own incoming register (`--registers own`: a province where every sở registers its own
mail) or all sharing the office's register (`--registers shared`: then số đến, one counter row
per register and year, serialises them whatever the audit does). Every document's PDF is made
and staged (uploaded, inspected) before the clock starts; the timed part is
`registration.register_document` — validation, duplicate check, numbering, files, processing
history, presentation to the chairman, notification, audit — by 20 threads, one per clerk, each
with its own session, started together.

Modes, each on the same office, one after the other:

* ``audit on`` — the real thing: entries appended without a lock, the worker's sealer
  (`audit.seal`, run every second in a thread as `eoffice worker` does) chaining them meanwhile;
  after the run the backlog is sealed and `audit verify` must pass;
* ``audit off`` — `audit.record` replaced by a no-op: what registration costs without auditing;
* ``old head lock`` — each `audit.record` first locks the single head row
  (``SELECT … FOR UPDATE``) as the previous design did, to show what it cost.

Prints registrations/s per mode and the ratio on/off (best round of each). The connection pool
is the app's own default (SQLAlchemy: 5 + 10 overflow per process), as a deployment gets. With
``--processes N`` the clerks' threads are spread over N forked processes — several app
processes behind one proxy — so Python's GIL is not the limit; the sealer runs in the parent.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

BENCH_PASSWORD = "Bench@2026x"


def build_app(database_url: str, data_dir: Path):  # type: ignore[no-untyped-def]
    from eoffice import create_app
    from eoffice.config import Settings

    settings = Settings.from_env(environ={}, env="test", data_dir=data_dir, database_url=database_url,
                                 secret_key="bench-secret")
    return create_app(settings)


def wipe_and_migrate(app) -> None:  # type: ignore[no-untyped-def]
    from flask_migrate import upgrade

    from eoffice.db import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()


def make_office(clerks: int, registers: str) -> list[tuple[int, int]]:
    """The demo office plus `clerks` clerk accounts; returns (user id, register id) per clerk."""
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts
    from eoffice.auth.roles import Role
    from eoffice.db import db
    from eoffice.demo import load_demo
    from eoffice.documents import registration
    from eoffice.documents.models import IncomingRegister
    from eoffice.org import service as org
    from eoffice.org.models import Unit

    load_demo(with_documents=False)
    operator = Actor.operator("đo hiệu năng")
    province = db.session.scalar(select(Unit).where(Unit.short_name == "UBND", Unit.parent_id.is_(None)))
    office = db.session.scalar(select(Unit).where(Unit.short_name == "VP"))
    shared = db.session.scalar(select(IncomingRegister).where(
        IncomingRegister.unit_id == office.id, IncomingRegister.is_confidential.is_(False)))
    pairs = []
    for i in range(clerks):
        if registers == "own":
            unit = org.create_unit(operator, name=f"Sở Thử nghiệm {i + 1:02d}", short_name=f"STN{i + 1:02d}",
                                   kind="so", parent_id=province.id, org_code=f"000.00.{60 + i:02d}.H34")
            register_id = registration.create_register(operator, unit.id, "Sổ văn bản đến").id
        else:
            unit, register_id = office, shared.id
        user = accounts.create_user(operator, username=f"vanthu{i + 1:02d}", full_name=f"Văn thư Thử nghiệm {i + 1:02d}",
                                    password=BENCH_PASSWORD, unit_id=unit.id, position="Văn thư")
        accounts.grant_role(operator, user, Role.CLERK, unit.id)
        pairs.append((user.id, register_id))
    return pairs


def stage_documents(pairs: list[tuple[int, int]], per_clerk: int, round_no: int) -> list[list[Any]]:
    """Upload and inspect every PDF beforehand; returns each clerk's RegistrationInputs."""
    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.db import db
    from eoffice.demo_pdf import official_document_pdf
    from eoffice.documents.registration import RegistrationInput
    from eoffice.documents.uploads import stage_upload

    chair = db.session.scalar(select(User.id).where(User.username == "chutich"))
    issued = date.today() - timedelta(days=2)
    work: list[list[Any]] = []
    for c, (user_id, register_id) in enumerate(pairs):
        clerk = Actor(db.session.get(User, user_id))
        inputs = []
        for d in range(per_clerk):
            number = str(round_no * 100_000 + c * 1000 + d + 1)
            subject = f"Về việc triển khai kế hoạch chuyển đổi số năm 2027, đợt {round_no}, văn bản {number}"
            pdf = official_document_pdf(
                agency_parent="UBND TỈNH KHÁNH HÒA", agency="Sở Nội vụ", number=number, notation="KH-SNV",
                place="Khánh Hòa", issued=issued, type_name="Kế hoạch", subject=subject,
                body=["Triển khai kế hoạch kèm theo.", "Kế hoạch có hiệu lực kể từ ngày ký."],
                authority="KT. GIÁM ĐỐC", position="Phó Giám đốc", signer="Trần Văn Bình",
            )
            token = stage_upload(clerk, io.BytesIO(pdf), f"{number}.pdf", main_document=True).token
            inputs.append(RegistrationInput(
                register_id=register_id, issuer_name="Sở Nội vụ tỉnh Khánh Hòa", doc_type="KH", subject=subject,
                code_number=number, code_notation="KH-SNV", issued_date=issued, main_token=token,
                submitted_to_id=chair,
            ))
        work.append(inputs)
    db.session.remove()
    return work


@contextmanager
def audit_mode(mode: str) -> Iterator[None]:
    from eoffice.audit import service as audit
    from eoffice.audit.models import AuditHead
    from eoffice.db import db

    real = audit.record
    if mode == "off":
        audit.record = lambda *args, **kwargs: None  # type: ignore[assignment]
    elif mode == "old":
        def locked(*args: Any, **kwargs: Any) -> Any:
            db.session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update())
            return real(*args, **kwargs)

        audit.record = locked  # type: ignore[assignment]
    try:
        yield
    finally:
        audit.record = real  # type: ignore[assignment]


def _clerk_threads(app, pairs, work, start: Callable[[], None], errors: list) -> list[threading.Thread]:  # type: ignore[no-untyped-def]
    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.db import db
    from eoffice.documents import registration

    def clerk(user_id: int, inputs: list[Any]) -> None:
        with app.app_context():
            try:
                start()
                for data in inputs:
                    registration.register_document(Actor(db.session.get(User, user_id)), data)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    return [threading.Thread(target=clerk, args=(user_id, inputs)) for (user_id, _), inputs in zip(pairs, work)]


def _child(app, pairs, work, barrier, results) -> None:  # type: ignore[no-untyped-def]
    """One server process: its clerks as threads, started with everyone else's."""
    from eoffice.db import db

    with app.app_context():
        db.engine.dispose(close=False)  # never use the parent's connections
    errors: list[str] = []
    threads = _clerk_threads(app, pairs, work, lambda: None, errors)
    barrier.wait(timeout=300)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(errors)


def run_clerks(app, pairs: list[tuple[int, int]], work: list[list[Any]], sealer: bool, processes: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    import multiprocessing

    from eoffice.audit import service as audit
    from eoffice.db import db

    errors: list[Any] = []
    stop = threading.Event()
    sealed = [0]

    def seal_loop() -> None:
        with app.app_context():
            while not stop.is_set():
                sealed[0] += audit.seal()
                stop.wait(audit.SEAL_EVERY_SECONDS)
            db.session.remove()

    with app.app_context():
        db.engine.dispose()
    if processes <= 1:
        barrier = threading.Barrier(len(pairs) + 1)
        threads = _clerk_threads(app, pairs, work, lambda: barrier.wait(timeout=120), errors)
        for thread in threads:
            thread.start()
        barrier.wait(timeout=120)
        started = time.perf_counter()
        children: list[Any] = []
    else:
        ctx = multiprocessing.get_context("fork")
        mp_barrier, results = ctx.Barrier(processes + 1), ctx.Queue()
        children = [ctx.Process(target=_child, args=(app, pairs[i::processes], work[i::processes], mp_barrier, results))
                    for i in range(processes)]
        for child in children:
            child.start()
        mp_barrier.wait(timeout=300)
        started = time.perf_counter()
        threads = []
    sealer_thread = threading.Thread(target=seal_loop) if sealer else None
    if sealer_thread:
        sealer_thread.start()
    for thread in threads:
        thread.join()
    for _ in children:
        errors.extend(results.get())
    for child in children:
        child.join()
    elapsed = time.perf_counter() - started
    stop.set()
    if sealer_thread:
        sealer_thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} registrations failed; first: {errors[0]}")
    return elapsed, sealed[0]


def measure(app, pairs, per_clerk: int, mode: str, round_no: int, processes: int) -> float:  # type: ignore[no-untyped-def]
    from eoffice.audit import service as audit
    from eoffice.audit.models import AuditEntry
    from eoffice.db import db

    with app.app_context():
        audit.seal()
        work = stage_documents(pairs, per_clerk, round_no)
        before = db.session.scalar(select(func.count(AuditEntry.id))) or 0
        db.session.remove()
    with audit_mode(mode):
        elapsed, sealed_during = run_clerks(app, pairs, work, sealer=(mode == "on"), processes=processes)
    total = len(pairs) * per_clerk
    with app.app_context():
        entries = (db.session.scalar(select(func.count(AuditEntry.id))) or 0) - before
        backlog = db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.seq.is_(None))) or 0
        audit.seal()
        result = audit.verify()
        db.session.remove()
    rate = total / elapsed
    label = {"on": "audit on", "off": "audit off", "old": "old head lock"}[mode]
    print(f"{label:<14} {total:>5} registrations in {elapsed:6.2f} s = {rate:6.1f} /s   "
          f"audit entries {entries:>5}, sealed during the run {sealed_during:>5}, backlog at end {backlog:>4}, "
          f"verify {'ok' if result.ok else 'FAILED: ' + result.message}", flush=True)
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("EOFFICE_BENCH_DATABASE_URL")
                        or os.environ.get("EOFFICE_TEST_DATABASE_URL"),
                        help="PostgreSQL URL of a database this benchmark may WIPE (default EOFFICE_TEST_DATABASE_URL)")
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--docs", type=int, default=30, help="documents per clerk per mode (default 30)")
    parser.add_argument("--registers", choices=["own", "shared"], default="own")
    parser.add_argument("--modes", default="off,on,old", help="comma-separated: on, off, old (default off,on,old)")
    parser.add_argument("--processes", type=int, default=1,
                        help="server processes the clerks are spread over (threads inside each; default 1)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the modes this many times")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (a PostgreSQL database that may be wiped) or set EOFFICE_TEST_DATABASE_URL")

    data_dir = Path(tempfile.mkdtemp(prefix="eoffice-bench-audit-"))
    app = build_app(args.database_url, data_dir)
    wipe_and_migrate(app)
    with app.app_context():
        pairs = make_office(args.clerks, args.registers)
    print(f"{args.clerks} clerks in {args.processes} process(es), {args.docs} documents each per mode, "
          f"registers: {args.registers}; "
          f"database {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    rates: dict[str, list[float]] = {}
    round_no = 0
    for _ in range(args.rounds):
        for mode in args.modes.split(","):
            round_no += 1
            rates.setdefault(mode, []).append(measure(app, pairs, args.docs, mode, round_no, args.processes))
    best = {mode: max(values) for mode, values in rates.items()}
    if "on" in best and "off" in best:
        print(f"ratio audit on / audit off = {best['on'] / best['off']:.2f}"
              + (f";  old head lock / audit off = {best['old'] / best['off']:.2f}" if "old" in best else ""))


if __name__ == "__main__":
    main()
