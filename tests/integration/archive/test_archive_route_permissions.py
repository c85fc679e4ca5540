"""Every archive route as every demo role answers as the permission module says: 200 for those
allowed (and, for one dossier's, document's or file's page, allowed to read it — its access
regime), 403 for the rest, on the pages and the JSON API; refused roles change nothing by
posting."""
from __future__ import annotations

import io

from eoffice.auth.permissions import can
from eoffice.db import db
from eoffice.archive import catalogue, digitise, dossiers
from eoffice.archive.models import DisposalList
from eoffice.archive.schemas import DocumentMetaIn
from eoffice.calendar import service as calendar
from eoffice.work.models import WorkFile
from tests.helpers import sample_pdf, walk_api_reads, walk_pages
from tests.integration.archive.conftest import open_dossier
from tests.integration.documents.conftest import actor


def _sample():  # type: ignore[no-untyped-def]
    dossier = open_dossier("truongphong", "03.KT", access_regime=2)
    document = dossiers.file_upload(actor("truongphong"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "a.pdf"),
                                    DocumentMetaIn(subject="Báo cáo thẩm định dự án"))
    batch = digitise.new_batch(actor("luutru"), "Lô mẫu")
    scan = digitise.take_in(actor("luutru"), batch, io.BytesIO(sample_pdf(number="5")), "mau.pdf")
    book = catalogue.catalogue_of(calendar.now().year)
    listing = DisposalList(title="Danh sách hủy mẫu")  # a list never executed: it has no record yet (404)
    db.session.add(listing)
    db.session.commit()
    return {"dossier": dossier, "document": document}, {
        "disposal_id": listing.id, "page": 1,
        "catalogue_id": book.id, "dossier_id": dossier.id, "document_id": document.id, "file_id": document.files[0].id,
        "batch_id": batch.id, "scan_id": scan.id, "which": "original",
        "item_id": document.id}


def _may_read(user, objects, rule_args, file_id) -> bool:  # type: ignore[no-untyped-def]
    if "dossier_id" in rule_args and not can(user, "archive_dossier.view", objects["dossier"]):
        return False
    if {"document_id", "item_id"} & set(rule_args) and not can(user, "archive_doc.view", objects["document"]):
        return False
    if "file_id" in rule_args:
        item = db.session.get(WorkFile, file_id).work_item
        return can(user, f"{item.kind}.view", item)
    return True


def test_every_archive_page_answers_each_role_as_the_permission_module_says(office):
    objects, args = _sample()
    failures = walk_pages(office, "/archive", args, lambda user, rule: _may_read(user, objects, rule.arguments, args["file_id"]),
                          answers={"archive.disposal_record": 404, "archive.document_hit": 302}, skip=lambda rule: rule.endpoint == "archive.static")
    assert failures == [], "\n".join(failures)

def test_every_archive_api_read_answers_each_role_as_the_permission_module_says(office):
    objects, args = _sample()
    failures = walk_api_reads(office, "/api/v1/archive", args,
                              lambda user, rule: _may_read(user, objects, rule.arguments, args["file_id"]))
    assert failures == [], "\n".join(failures)
