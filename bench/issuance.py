#!/usr/bin/env python3
"""Issuance benchmark: outgoing documents issued per second by 20 clerks at once.

    source /work/servers.sh NAME      # or any PostgreSQL you may wipe
    .venv/bin/python bench/issuance.py --database-url "$EOFFICE_TEST_DATABASE_URL"
    .venv/bin/python bench/issuance.py --clerks 20 --docs 10 --recipients internal   # default

**The database is wiped** (schema dropped, migrated from scratch; without --database-url a
temporary SQLite file), then the demo office is loaded with the office's approval chain. Before
the clock starts, clerks × docs drafts are made, approved along the chain and signed (the
signature is a stand-in: what is timed is issuance, not the leader's key). The timed part is
`issuance.issue` with the agency stamper — number from the register (one counter row per agency
and year: the part that serialises), the number written into the PDF's field, the history, and
sending: an incoming delivery to Sở Tư pháp (`--recipients internal`) or an edXML outbox event
(`--recipients external`) — by `--clerks` threads started together, each with its own session.

Prints documents/s, per-issuance p50/p95 and checks that the numbers are 1..N without a gap or
a repeat (the Decree 30 rule the counter row's lock keeps).
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench.audit import build_app, wipe_and_migrate  # noqa: E402


def prepare(docs: int, recipients: str) -> list[int]:
    """The demo office with its chain, and `docs` signed drafts ready to issue; returns their ids."""
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts
    from eoffice.auth.roles import Role
    from eoffice.db import db
    from eoffice.demo import load_demo
    from eoffice.outgoing import drafting
    from eoffice.outgoing.schemas import ChainIn
    from tests.integration.documents.conftest import actor, unit
    from tests.integration.outgoing.conftest import CHAIN, signed_draft

    load_demo(with_documents=False)
    operator = Actor.operator("đo hiệu năng")
    accounts.grant_role(operator, accounts.find_user("chuyenvienstp"), Role.CLERK, unit("STP").id)
    db.session.commit()
    drafting.set_chain(operator, ChainIn(unit_id=unit("VP").id, steps=[actor(u).user_id for u in CHAIN]))
    outside = [{"name": "Bộ Nội vụ", "code": "000.00.00.G12"}]
    ids = []
    for i in range(docs):
        changes = {"recipient_unit_ids": [], "external_recipients": outside} if recipients == "external" else {}
        ids.append(signed_draft(subject=f"Văn bản đo hiệu năng số {i + 1}", **changes).id)
        db.session.commit()
    return ids


def issue_all(app, ids: list[int], clerks: int) -> tuple[float, list[float], list[BaseException]]:  # type: ignore[no-untyped-def]
    """Issue `ids` with `clerks` threads started together; (wall seconds, per-issuance seconds, errors)."""
    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.db import db
    from eoffice.outgoing import issuance
    from eoffice.outgoing.models import OutgoingDocument
    from eoffice.signing.office import agency_stamper

    with app.app_context():
        clerk_id = db.session.scalar(select(User.id).where(User.username == "vanthu"))
    shares = [ids[i::clerks] for i in range(clerks)]
    barrier = threading.Barrier(clerks + 1)
    times: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def clerk(share: list[int]) -> None:
        with app.app_context():
            barrier.wait()
            for doc_id in share:
                started = time.perf_counter()
                try:
                    doc = db.session.get(OutgoingDocument, doc_id)
                    issuance.issue(Actor(db.session.get(User, clerk_id)), doc, stamp=agency_stamper(doc))
                except BaseException as exc:  # noqa: BLE001 - reported below
                    with lock:
                        errors.append(exc)
                    continue
                with lock:
                    times.append(time.perf_counter() - started)
            db.session.remove()

    threads = [threading.Thread(target=clerk, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, times, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--docs", type=int, default=10, help="documents per clerk")
    parser.add_argument("--recipients", choices=("internal", "external"), default="internal")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    data_dir = Path(tempfile.mkdtemp(prefix="bench-issuance-"))
    url = args.database_url or f"sqlite:///{data_dir / 'eoffice.db'}"
    app = build_app(url, data_dir)
    wipe_and_migrate(app)
    with app.app_context():
        prepared = time.perf_counter()
        ids = prepare(args.clerks * args.docs, args.recipients)
        prepared = time.perf_counter() - prepared
    wall, times, errors = issue_all(app, ids, args.clerks)
    from eoffice.db import db
    from eoffice.outgoing.models import OutgoingDocument

    with app.app_context():
        numbers = sorted(n for n in db.session.scalars(select(OutgoingDocument.number)) if n is not None)
    backend = url.split(":", 1)[0].split("+")[0]
    print(f"{backend}: {len(ids)} documents ({args.recipients} recipient), {args.clerks} clerks at once; "
          f"drafts prepared in {prepared:.1f} s (not timed)")
    print(f"issued {len(times)} in {wall:.2f} s = {len(times) / wall:.1f} documents/s; "
          f"per issuance p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {statistics.quantiles(times, n=20)[18] * 1000:.0f} ms" if len(times) >= 2 else "too few issued to time")
    print(f"numbers 1..{len(numbers)} without gap or repeat: {numbers == list(range(1, len(ids) + 1))}")
    if errors:
        print(f"{len(errors)} refused, first: {errors[0]!r}")


if __name__ == "__main__":
    main()
