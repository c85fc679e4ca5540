#!/usr/bin/env python3
"""One-stop desk intake: dossiers received per second by 10 desk officers at once on
PostgreSQL, and whether the day's codes came out gap-free (0001…n, no repeat).

    source /work/servers.sh NAME      # or any PostgreSQL you may wipe
    .venv/bin/python bench/onestop_intake.py --database-url "$EOFFICE_TEST_DATABASE_URL"
    .venv/bin/python bench/onestop_intake.py --officers 10 --dossiers 30

**The database is wiped** (schema dropped, migrated from scratch), the demo office with its
procedure catalogue is loaded and `--officers` desk accounts are added to the Nha Trang desk
(one agency: every intake takes the same (agency, day) counter row, the worst case). The timed
part is `intake.receive` — checklist, counter row, code, appointment from the calendar engine,
first step hand-off, history, audit, notices to the citizen — by one thread per officer.
Target (issue 12): ≥ 20 dossiers/s with 10 officers, codes gap-free.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench.audit import build_app, wipe_and_migrate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--officers", type=int, default=10)
    parser.add_argument("--dossiers", type=int, default=30, help="per officer")
    args = parser.parse_args()

    app = build_app(args.database_url, Path(tempfile.mkdtemp(prefix="bench-onestop-")))
    wipe_and_migrate(app)
    with app.app_context():
        from eoffice.actor import Actor
        from eoffice.auth import service as accounts
        from eoffice.auth.models import User
        from eoffice.auth.roles import Role
        from eoffice.db import db
        from eoffice.demo import load_demo
        from eoffice.onestop.models import Dossier, Procedure
        from eoffice.org.models import Unit

        load_demo(with_documents=False)
        operator = Actor.operator("bench")
        desk = db.session.scalars(select(Unit).where(Unit.kind == "mot_cua")).first()
        ids = []
        for n in range(args.officers):
            user = accounts.create_user(operator, username=f"motcua{n}", full_name=f"Cán bộ một cửa {n}",
                                        password="Bench@2026x-long", unit_id=desk.id, roles=[Role.DESK_OFFICER])
            ids.append(user.id)
        db.session.commit()
        procedure_id = db.session.scalar(select(Procedure.id).where(Procedure.code == "1.000894"))

    barrier = threading.Barrier(args.officers + 1)
    errors: list[BaseException] = []

    def officer(user_id: int) -> None:
        from eoffice.actor import Actor
        from eoffice.auth.models import User
        from eoffice.db import db
        from eoffice.onestop import intake
        from eoffice.onestop.schemas import DossierIn

        with app.app_context():
            me = Actor(db.session.get(User, user_id))
            # Give the connection back before waiting: with more officers than the pool holds
            # (5 + 10 overflow), threads parked idle-in-transaction at the barrier starve the rest.
            db.session.commit()
            barrier.wait()
            try:
                for i in range(args.dossiers):
                    intake.receive(me, DossierIn(procedure_id=procedure_id, applicant_name=f"Công dân {user_id}-{i}",
                                                 applicant_phone="0905123456", provided=[0]))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=officer, args=(uid,)) for uid in ids]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with app.app_context():
        codes = sorted(db.session.scalars(select(Dossier.code)))
    total = args.officers * args.dossiers
    sequences = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    gap_free = sequences == list(range(1, len(sequences) + 1)) and len(codes) == total
    print(f"officers={args.officers} dossiers={total} errors={len(errors)} elapsed={elapsed:.2f}s "
          f"rate={total / elapsed:.1f} dossiers/s gap_free={gap_free}")
    if errors:
        print(f"first error: {errors[0]!r}")


if __name__ == "__main__":
    main()
