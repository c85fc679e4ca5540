"""A draft's metadata, files and consultations: versions are all kept (stored files of the
core), a DOCX body is converted to PDF by LibreOffice and kept beside it, and opinions asked
in parallel get deadlines from the calendar engine."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from eoffice.auth.permissions import PermissionDenied
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.outgoing import approval, drafting
from eoffice.outgoing.conversion import soffice_path
from eoffice.outgoing.schemas import CommentIn, ConsultIn, DraftIn, VersionIn
from eoffice.outgoing.uploads import stage_draft_file
from eoffice.work.models import WorkEvent
from tests.helpers import sample_pdf
from tests.integration.documents.conftest import actor, unit
from tests.integration.outgoing.conftest import SUBJECT, new_draft, staged_pdf


def minimal_docx(text: str) -> bytes:
    """A one-paragraph Word document (the three parts Word needs)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as docx:
        docx.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        docx.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'))
        docx.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'))
    return out.getvalue()


def test_every_version_is_kept_and_the_latest_is_current(office):
    doc = new_draft()
    first = doc.current_version
    second = drafting.add_version(actor("chuyenvien"), doc, VersionIn(
        main_token=staged_pdf(pdf=sample_pdf(subject=SUBJECT + " (sửa lần 1)"))))
    assert [v.id for v in doc.versions] == [first.id, second.id] and doc.current_version_id == second.id
    assert first.stored.sha256 != second.stored.sha256
    approval.submit(actor("chuyenvien"), doc)
    with pytest.raises(ServiceError, match="không sửa được"):
        drafting.add_version(actor("chuyenvien"), doc, VersionIn(main_token=staged_pdf()))


def test_a_draft_records_its_metadata_and_attachments(office):
    attachment = stage_draft_file(actor("chuyenvien"), io.BytesIO(b"so lieu"), "phu-luc.txt", main=False)
    doc = new_draft(doc_type="KH", authority="KT.", urgency=1, attachment_tokens=[attachment.token],
                    recipient_unit_ids=[unit("STP").id, unit("STC").id],
                    external_recipients=[{"name": "Bộ Nội vụ", "code": "000.00.00.g12"}])
    assert (doc.doc_type, doc.authority, doc.urgency, doc.signer.username) == ("KH", "KT.", 1, "chutich")
    assert [r.label for r in doc.recipients] == ["Sở Tư pháp", "Sở Tài chính", "Bộ Nội vụ"]
    assert doc.recipients[2].organisation_code == "000.00.00.G12", "codes are kept in their canonical form"
    assert [f.stored.filename for f in doc.attachments] == ["phu-luc.txt"]


def test_a_draft_needs_a_known_type_and_a_recipient(office):
    with pytest.raises(ServiceError, match="Nghị định 30"):
        new_draft(doc_type="NĐ")
    with pytest.raises(ServiceError, match="ít nhất một nơi nhận"):
        new_draft(recipient_unit_ids=[])


def test_a_docx_body_is_converted_to_pdf_and_kept_beside_it(office):
    if soffice_path() is None:
        pytest.fail("LibreOffice (soffice) is missing: run scripts/test.sh, which installs libreoffice-writer-nogui.",
                    pytrace=False)
    staged = stage_draft_file(actor("chuyenvien"), io.BytesIO(minimal_docx("Kính gửi: Sở Tư pháp tỉnh Khánh Hòa")),
                              "du-thao-cong-van.docx", main=True)
    assert staged.filename == "du-thao-cong-van.pdf" and staged.converted_from == "du-thao-cong-van.docx"
    doc = drafting.create_draft(actor("chuyenvien"), DraftIn(
        doc_type="CV", subject=SUBJECT, signer_id=actor("chutich").user_id, recipient_unit_ids=[unit("STP").id],
        main_token=staged.token, source_token=staged.source_token))
    assert doc.current_version.stored.content_type == "application/pdf"
    assert doc.current_version.stored.page_count == 1
    assert [f.stored.filename for f in doc.files if f.role == "source"] == ["du-thao-cong-van.docx"]


def test_opinions_are_asked_in_parallel_with_a_deadline_from_the_calendar(office):
    from eoffice.documents.processing import send_deadline_notices

    doc = new_draft()
    approval.submit(actor("chuyenvien"), doc)
    asked = approval.consult(actor("truongphong"), doc, ConsultIn(
        user_ids=[actor("truongphongnc").user_id, actor("giamdocstp").user_id],
        question="Đề nghị góp ý phần số liệu", working_days=2))
    expected = calendar.end_of_working_day(
        calendar.add_working_days_date(calendar.now().date(), 2, doc.owner_unit_id), doc.owner_unit_id)
    assert [a.deadline for a in asked] == [expected, expected]
    assert drafting.read_outgoing(actor("giamdocstp"), doc.id) is doc, "the people asked may read the draft"
    approval.answer_consultation(actor("giamdocstp"), doc, asked[1].id, CommentIn(text="Thống nhất"))
    assert [a.status for a in doc.consultations] == ["pending", "done"]
    with pytest.raises(ServiceError, match="đã trả lời"):
        approval.answer_consultation(actor("giamdocstp"), doc, asked[1].id, CommentIn(text="lần nữa"))
    kinds = db.session.scalars(select(WorkEvent.kind).where(WorkEvent.work_item_id == doc.id).order_by(WorkEvent.id)).all()
    assert kinds[-2:] == ["consulted", "consult_answered"]
    assert send_deadline_notices() == 0, "incoming documents' deadline job ignores other kinds' assignments"
    with pytest.raises(PermissionDenied):  # not their step yet
        approval.consult(actor("chutich"), doc, ConsultIn(user_ids=[actor("luutru").user_id], question="?"))


def test_people_asked_are_reminded_once_when_the_answer_is_late(office):
    from datetime import timedelta

    from eoffice.notify.models import Notification

    doc = new_draft()
    [asked] = approval.consult(actor("chuyenvien"), doc, ConsultIn(
        user_ids=[actor("truongphongnc").user_id], question="Góp ý giúp phần pháp lý", working_days=1))
    assert approval.send_consultation_notices(now=asked.deadline + timedelta(hours=1)) == 1
    assert approval.send_consultation_notices(now=asked.deadline + timedelta(hours=2)) == 0, "once"
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == actor("truongphongnc").user_id)).all()
    assert "outgoing.consult_overdue" in kinds
