"""Twenty clerks issuing at the same moment get numbers 1..20 exactly; two clerks issuing the
same document at once end with one number and one clear refusal."""
from __future__ import annotations

import threading
from typing import Callable

from sqlalchemy import select

from eoffice.db import db
from eoffice.outgoing import issuance
from eoffice.outgoing.models import OutgoingDocument
from tests.integration.documents.conftest import actor
from tests.integration.outgoing.conftest import signed_draft

PARALLEL = 20


def run_at_once(app, targets: list[int], call: Callable[[object, OutgoingDocument], None]) -> list[BaseException]:  # type: ignore[no-untyped-def]
    clerk_id = actor("vanthu").user_id
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def worker(doc_id: int) -> None:
        from eoffice.actor import Actor
        from eoffice.auth.models import User

        with app.app_context():
            try:
                barrier.wait(timeout=60)  # before touching the pool: 20 threads, fewer connections
                user = db.session.get(User, clerk_id)
                doc = db.session.get(OutgoingDocument, doc_id)
                call(Actor(user), doc)
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(doc_id,)) for doc_id in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def test_parallel_issuances_are_numbered_without_gaps_or_repeats(office):
    # Sent to an outside organisation (an outbox event): the numbering is what is tested here,
    # so each issuance holds the register's row lock only briefly.
    outside = [{"name": "Bộ Nội vụ", "code": "000.00.00.G12"}]
    ids = [signed_draft(subject=f"Văn bản thử số {i}", recipient_unit_ids=[], external_recipients=outside).id
           for i in range(PARALLEL)]
    db.session.commit()
    errors = run_at_once(office, ids, lambda clerk, doc: issuance.issue(clerk, doc))
    assert errors == []
    db.session.expire_all()
    rows = db.session.execute(select(OutgoingDocument.number, OutgoingDocument.notation)).all()
    assert sorted(number for number, _ in rows) == list(range(1, PARALLEL + 1))
    assert len({notation for _, notation in rows}) == PARALLEL


def test_two_clerks_issuing_one_document_at_once_take_one_number(office):
    from eoffice.errors import ServiceError

    doc_id = signed_draft().id
    db.session.commit()
    errors = run_at_once(office, [doc_id, doc_id], lambda clerk, doc: issuance.issue(clerk, doc))
    assert len(errors) == 1 and isinstance(errors[0], ServiceError) and "ban hành" in errors[0].message
    db.session.expire_all()
    doc = db.session.get(OutgoingDocument, doc_id)
    assert (doc.status, doc.number) == ("issued", 1)
    from tests.integration.outgoing.test_outgoing_issuance import counter

    assert counter() == 1
