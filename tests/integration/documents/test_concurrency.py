"""Fifty clerks registering at once into one register get numbers 1..50 exactly."""
from __future__ import annotations

import io
import threading

from sqlalchemy import select

from eoffice.db import db
from eoffice.documents import registration
from eoffice.documents.models import IncomingDocument
from eoffice.documents.uploads import stage_upload
from tests.integration.documents.conftest import actor, registration_input, sample_pdf

PARALLEL = 50


def test_parallel_registrations_are_numbered_without_gaps_or_repeats(office):
    clerk = actor("vanthu")
    tokens = [stage_upload(clerk, io.BytesIO(sample_pdf(number=str(100 + i))), f"{i}.pdf", main_document=True).token
              for i in range(PARALLEL)]
    inputs = [registration_input(token, code_number=str(100 + i), subject=f"Văn bản thử số {i}") for i, token in enumerate(tokens)]
    clerk_id = clerk.user_id
    barrier = threading.Barrier(PARALLEL)
    errors: list[BaseException] = []

    def worker(data):  # type: ignore[no-untyped-def]
        from eoffice.actor import Actor
        from eoffice.auth.models import User

        with office.app_context():
            try:
                barrier.wait(timeout=30)  # before touching the pool: 50 threads, fewer connections
                user = db.session.get(User, clerk_id)
                registration.register_document(Actor(user), data)
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(data,)) for data in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    db.session.expire_all()
    numbers = sorted(db.session.scalars(select(IncomingDocument.arrival_number)))
    assert numbers == list(range(1, PARALLEL + 1))
