"""Six people filing into one dossier at the same moment get archive codes .0000001….0000012
with no gap and no repeat (PostgreSQL: real concurrent transactions; SQLite serialises its
writers)."""
from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy import select

from eoffice.db import db
from eoffice.archive import dossiers
from eoffice.archive.models import ArchiveDossier, FiledDocument
from eoffice.archive.schemas import DocumentMetaIn
from tests.helpers import sample_pdf
from tests.integration.archive.conftest import open_dossier
from tests.integration.documents.conftest import actor

PARALLEL = 6
EACH = 2


@pytest.fixture
def pg_office(make_app, postgres_database):  # type: ignore[no-untyped-def]
    from eoffice.demo import load_demo

    application = make_app(postgres_database)
    with application.app_context():
        load_demo(with_documents=False)
        yield application


@pytest.mark.postgres
def test_parallel_filing_gives_gap_free_archive_codes(pg_office):
    dossier_id = open_dossier().id
    content = sample_pdf()
    barrier = threading.Barrier(PARALLEL)
    errors: list[BaseException] = []

    def archivist(number: int) -> None:
        with pg_office.app_context():
            try:
                barrier.wait(timeout=60)
                for round_ in range(EACH):
                    dossier = db.session.get(ArchiveDossier, dossier_id)
                    dossiers.file_upload(actor("luutru"), dossier, dossiers.Upload(io.BytesIO(content), f"{number}-{round_}.pdf"),
                                         DocumentMetaIn(subject=f"Văn bản {number}-{round_}"))
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=archivist, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    db.session.expire_all()
    codes = list(db.session.scalars(select(FiledDocument.archive_code).where(FiledDocument.dossier_id == dossier_id)))
    code = db.session.get(ArchiveDossier, dossier_id).code
    assert sorted(codes) == [f"{code}.{n:07d}" for n in range(1, PARALLEL * EACH + 1)]
