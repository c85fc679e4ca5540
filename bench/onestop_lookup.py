#!/usr/bin/env python3
"""The citizen's public lookup at scale: p50/p95 of `GET /tra-cuu?ma=…&xn=…` (the whole page,
through Flask) with 1,000,000 dossiers on PostgreSQL.

    source /work/servers.sh NAME      # or any PostgreSQL you may wipe
    .venv/bin/python bench/onestop_lookup.py --database-url "$EOFFICE_TEST_DATABASE_URL"
    .venv/bin/python bench/onestop_lookup.py --dossiers 1000000 --lookups 400

**The database is wiped** (schema dropped, migrated from scratch) and the demo office loaded.
`--real` dossiers are received through the intake service and processed one step, so they
have their history, steps and notices like any real one; the rest are cloned from one of them
in SQL (INSERT … SELECT over generate_series, in batches), each with its own code of the form
`H34.01.01-YYMMDD-XXXX` over consecutive days, so the code index and the tables are the size
of a province's years of dossiers. The timed lookups ask for real and cloned dossiers alike,
each from its own address (the throttle's count is part of every lookup), plus lookups with a
wrong secret, which must cost the same as a right one (no timing oracle worth having).
Target (issue 12): p95 < 50 ms at 1,000,000 dossiers.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import bindparam, select, text  # noqa: E402

from bench.audit import build_app, wipe_and_migrate  # noqa: E402
from bench.timing import percentile, timed  # noqa: E402

BATCH = 100_000


def _real_dossiers(count: int) -> list[tuple[str, str]]:
    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.db import db
    from eoffice.demo import load_demo
    from eoffice.onestop import intake, processing
    from eoffice.onestop.models import Procedure
    from eoffice.onestop.schemas import DossierIn, StepDoneIn

    def actor(username: str) -> Actor:
        return Actor(db.session.scalars(select(User).where(User.username == username)).one())

    load_demo(with_documents=False)
    procedure = db.session.scalars(select(Procedure).where(Procedure.code == "1.000894")).one()
    made = []
    for n in range(count):
        dossier = intake.receive(actor("motcua"), DossierIn(
            procedure_id=procedure.id, channel="desk", applicant_name=f"Công dân {n}", applicant_phone=f"0905{n:06d}",
            provided=[i for i, c in enumerate(procedure.components) if c.get("required", True)]))
        if n % 2:
            processing.complete_step(actor("tuphapnt"), dossier, StepDoneIn(result="Đủ điều kiện"))
        made.append((dossier.code, dossier.lookup_secret))
    return made


def _clone(total: int, template_code: str) -> float:
    """Clone the template dossier until there are `total` dossiers; returns seconds spent."""
    from eoffice.db import db

    work_columns = [c.name for c in db.metadata.tables["work_items"].columns if c.name != "id"]
    dossier_columns = [c.name for c in db.metadata.tables["dossiers"].columns if c.name not in ("id", "code", "lookup_secret")]
    template = db.session.scalar(text("SELECT id FROM dossiers WHERE code = :c"), {"c": template_code})
    have = db.session.scalar(text("SELECT count(*) FROM dossiers"))
    started = time.perf_counter()
    while have < total:
        size = min(BATCH, total - have)
        work = ", ".join(work_columns)
        rest = ", ".join(f"d.{c}" for c in dossier_columns)
        db.session.execute(text(f"""
            WITH new AS (
                INSERT INTO work_items ({work})
                SELECT {", ".join(f"w.{c}" for c in work_columns)} FROM work_items w, generate_series(1, :size)
                WHERE w.id = :template RETURNING id)
            INSERT INTO dossiers (id, code, lookup_secret, {", ".join(dossier_columns)})
            SELECT new.id,
                   'H34.01.01-' || to_char(DATE '2021-01-01' + (new.id / 9999)::int, 'YYMMDD') || '-'
                       || lpad((new.id % 9999 + 1)::text, 4, '0'),
                   lpad((new.id::bigint * 7919 % 1000000)::text, 6, '0'), {rest}
            FROM new, dossiers d WHERE d.id = :template"""), {"size": size, "template": template})
        db.session.commit()
        have += size
        print(f"  {have:,} dossiers", flush=True)
    db.session.execute(text("ANALYZE work_items"))
    db.session.execute(text("ANALYZE dossiers"))
    db.session.commit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--real", type=int, default=200, help="dossiers received through the service")
    parser.add_argument("--lookups", type=int, default=400)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("the cloning is PostgreSQL SQL; give a PostgreSQL URL you may wipe")

    app = build_app(args.database_url, Path(tempfile.mkdtemp(prefix="bench-onestop-lookup-")))
    wipe_and_migrate(app)
    with app.app_context():
        from eoffice.db import db

        real = _real_dossiers(args.real)
        seconds = _clone(args.dossiers, real[0][0])
        cloned = [tuple(row) for row in db.session.execute(text(
            "SELECT code, lookup_secret FROM dossiers WHERE code NOT IN :real ORDER BY random() LIMIT :n"
        ).bindparams(bindparam("real", expanding=True)),
            {"real": [c for c, _ in real], "n": args.lookups})]
        count = db.session.scalar(text("SELECT count(*) FROM dossiers"))
        db.session.remove()
    print(f"dossiers={count:,} (cloned in {seconds:.0f} s)")

    client = app.test_client()
    rng = random.Random(12)
    plan = [rng.choice(real) for _ in range(args.lookups // 2)] + [rng.choice(cloned) for _ in range(args.lookups // 2)]
    rng.shuffle(plan)
    addresses = iter(range(10**9))

    def ask(secret_of=lambda s: s):  # type: ignore[no-untyped-def]
        queue = iter(plan)

        def one() -> None:
            code, secret = next(queue, plan[0])
            address = next(addresses)
            response = client.get(f"/tra-cuu?ma={code}&xn={secret_of(secret)}",
                                  environ_base={"REMOTE_ADDR": f"10.{address >> 16 & 255}.{address >> 8 & 255}.{address & 255}"})
            assert response.status_code in (200, 404), response.status_code

        return one

    for label, fn in (("right secret", ask()), ("wrong secret", ask(lambda s: "000000" if s != "000000" else "111111"))):
        times = timed(fn, len(plan) - 1)
        ms = [t * 1000 for t in times]
        print(f"{label}: lookups={len(ms)} p50={statistics.median(ms):.1f} ms p95={percentile(ms, 95):.1f} ms "
              f"max={max(ms):.1f} ms")


if __name__ == "__main__":
    main()
