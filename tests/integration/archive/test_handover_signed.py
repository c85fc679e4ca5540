"""The handover record of a transfer (biên bản giao nộp) is signed with the agency's key
through eoffice.signing, as the one-stop results are: the signature is valid and chains to the
trusted CA, the background check confirms it, and the dossier page says it is signed; without a
configured key the record is kept unsigned and the page says so, naming who can fix it."""
from __future__ import annotations

import io
from dataclasses import replace

from eoffice import current_settings
from eoffice.backends import blob_store
from eoffice.db import db
from eoffice.archive import dossiers
from eoffice.archive.schemas import DocumentMetaIn
from eoffice.signing.validation.pdf import read_signatures, trust_roots_in
from tests.helpers import login, sample_pdf
from tests.integration.archive.conftest import open_dossier
from tests.integration.documents.conftest import actor, run_worker
from tests.integration.onestop.test_signed_result import seal  # noqa: F401 - the agency's seal key fixture


def _closed():  # type: ignore[no-untyped-def]
    dossier = open_dossier("luutru", "02.HCTC")
    dossiers.file_upload(actor("luutru"), dossier, dossiers.Upload(io.BytesIO(sample_pdf(number="50")), "bc.pdf"),
                         DocumentMetaIn(subject="Báo cáo tổng kết công tác năm"))
    dossiers.close(actor("luutru"), dossier)
    return dossier


def _page(app, dossier) -> str:  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, "luutru", "Demo@2026")
    return client.get(f"/archive/dossiers/{dossier.id}").get_data(as_text=True)


def test_the_handover_record_carries_the_agencys_valid_signature(office, seal):  # noqa: F811
    dossier = _closed()
    handover = dossiers.transfer(actor("luutru"), dossier)
    signed = blob_store().read_bytes(handover.sha256)
    reports = read_signatures(signed, trust_roots_in(current_settings().trust_roots_path))
    assert len(reports) == 1 and reports[0].ok, reports
    assert reports[0].signer_org
    assert "transferred" in [e.kind for e in dossier.events] and dossier.events[-1].data == {"signed": True}
    run_worker()  # the background signature check every signed PDF gets
    db.session.expire_all()
    assert handover.stored.inspection["signature_check"]["state"] == "done" and handover.stored.signatures[0]["trusted"]
    assert "có chữ ký số của cơ quan" in _page(office, dossier)


def test_without_a_seal_key_the_record_is_kept_unsigned_and_the_page_says_so(office):
    office.extensions["eoffice.settings"] = replace(office.extensions["eoffice.settings"], seal_p12_path="")
    dossier = _closed()
    handover = dossiers.transfer(actor("luutru"), dossier)
    assert read_signatures(blob_store().read_bytes(handover.sha256), []) == []
    assert dossier.status == "transferred"
    assert "chưa ký số: máy chủ chưa được cấu hình khóa ký số của cơ quan" in _page(office, dossier)
