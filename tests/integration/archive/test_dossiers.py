"""Work dossiers end to end on SQLite and PostgreSQL: the catalogue approved and copied
forward, a dossier opened from it, documents filed with Circular 02/2019 metadata filled from
what the system knows, closed once, alerted 30 days before transfer, transferred with a
handover record, exported as PDF + XML; each bad request refused with a Vietnamese message
and nothing changed."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from eoffice.calendar import service as calendar
from eoffice.calendar.timezone import to_local
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.notify.models import Notification
from eoffice.archive import catalogue, dossiers, export
from eoffice.archive.schemas import CatalogueIn, DocumentMetaIn, EntryIn, FileItemIn
from eoffice.auth.permissions import PermissionDenied
from tests.integration.archive.conftest import open_dossier
from tests.integration.documents.conftest import actor, register_new, unit
from tests.helpers import sample_pdf


def test_the_catalogue_is_approved_then_copied_forward_and_changed_there(office):
    year = calendar.now().year
    book = catalogue.catalogue_of(year)
    assert book.is_approved and {e.code for e in book.entries} >= {"01.TCCB", "05.HCTC"}
    with pytest.raises(ServiceError, match="đã được phê duyệt nên không sửa được"):
        catalogue.add_entry(actor("luutru"), book, EntryIn(code="09.X", title="Thêm muộn", owner_unit_id=unit("HCTC").id))
    following = catalogue.copy_forward(actor("luutru"), book)
    assert following.year == year + 1 and not following.is_approved
    assert [e.code for e in following.entries] == [e.code for e in book.entries]
    catalogue.add_entry(actor("luutru"), following, EntryIn(code="06.hctc", title="Hồ sơ chuyển đổi số", retention_years=10,
                                                            owner_unit_id=unit("HCTC").id))
    with pytest.raises(ServiceError, match="06.HCTC đã có trong danh mục"):
        catalogue.add_entry(actor("luutru"), following, EntryIn(code="06.HCTC", title="Trùng", owner_unit_id=unit("HCTC").id))
    with pytest.raises(PermissionDenied):
        catalogue.approve(actor("luutru"), following)
    catalogue.approve(actor("chanhvanphong"), following)
    assert catalogue.catalogue_of(year + 1).is_approved and len(following.entries) == len(book.entries) + 1
    with pytest.raises(ServiceError, match=f"Đã có danh mục hồ sơ năm {year + 1}"):
        catalogue.create(actor("luutru"), CatalogueIn(year=year + 1))


def test_a_document_filed_from_incoming_carries_its_number_date_issuer_and_files(office):
    incoming = register_new(code_number="27", code_notation="QĐ-SNV")
    dossier = open_dossier("vanthu")
    assert dossier.code == f"{calendar.now().year}.05.HCTC" and dossier.retention_label == "Vĩnh viễn"
    filed = dossiers.file_item(actor("vanthu"), dossier, FileItemIn(source_item_id=incoming.id))
    assert filed.archive_code == f"{dossier.code}.0000001"
    assert (filed.number, filed.notation, filed.issuer) == ("27", "QĐ-SNV", "Sở Nội vụ tỉnh Khánh Hòa")
    assert filed.issued_date == incoming.issued_date and filed.title == incoming.title
    assert [f.sha256 for f in filed.files] == [f.sha256 for f in incoming.files], "the same stored bytes, not a copy"
    assert filed.reliability == 2, "a paper incoming document is a digitised copy"
    second = dossiers.file_upload(actor("vanthu"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "to-trinh.pdf"),
                                  DocumentMetaIn(subject="Tờ trình về kế hoạch số hóa", number="3", notation="TTr-VP"))
    assert second.archive_code.endswith(".0000002") and second.page_count == 1
    with pytest.raises(ServiceError, match="đã có trong hồ sơ"):
        dossiers.file_item(actor("vanthu"), dossier, FileItemIn(source_item_id=incoming.id))
    assert len(dossier.documents) == 2


def test_closing_twice_filing_into_a_closed_dossier_and_transferring_an_open_one_are_refused(office):
    dossier = open_dossier()
    with pytest.raises(ServiceError, match="chưa có văn bản nào"):
        dossiers.close(actor("luutru"), dossier)
    with pytest.raises(ServiceError, match="đang mở nên chưa nộp lưu được"):
        dossiers.transfer(actor("luutru"), dossier)
    dossiers.file_upload(actor("luutru"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "bao-cao.pdf"), DocumentMetaIn())
    dossiers.close(actor("luutru"), dossier)
    assert dossier.status == "closed" and dossier.transfer_due == to_local(dossier.closed_at).date() + timedelta(days=365)
    events = len(dossier.events)
    with pytest.raises(ServiceError, match="đã được đóng trước đó"):
        dossiers.close(actor("luutru"), dossier)
    with pytest.raises(ServiceError, match="đã đóng nên không đưa văn bản vào được nữa"):
        dossiers.file_upload(actor("luutru"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "muon.pdf"), DocumentMetaIn())
    db.session.expire_all()
    assert len(dossier.events) == events and len(dossier.documents) == 1, "nothing changed by the refusals"


def test_only_the_owner_units_people_open_its_dossier_and_only_an_approved_catalogue_serves(office):
    with pytest.raises(PermissionDenied, match="chỉ người của đơn vị đó"):
        open_dossier("chuyenvien", "01.TCCB")
    open_dossier("chuyenvien", "03.KT")
    with pytest.raises(ServiceError, match="đã được mở"):
        open_dossier("chuyenvien", "03.KT")
    following = catalogue.copy_forward(actor("luutru"), catalogue.catalogue_of(calendar.now().year))
    with pytest.raises(ServiceError, match="chưa được phê duyệt"):
        dossiers.open_dossier(actor("luutru"), dossiers.OpenDossierIn(entry_id=following.entries[0].id))


def test_the_transfer_alert_comes_30_days_before_the_due_date_once(office):
    dossier = open_dossier()
    dossiers.file_upload(actor("luutru"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "bao-cao.pdf"), DocumentMetaIn())
    dossiers.close(actor("luutru"), dossier)
    assert dossiers.send_transfer_alerts() == 0, "a year ahead: no alert yet"
    later = utcnow() + timedelta(days=340)
    assert dossiers.send_transfer_alerts(now=later) == 1
    assert dossiers.send_transfer_alerts(now=later + timedelta(days=1)) == 0, "alerted once"
    notices = db.session.scalars(select(Notification).where(Notification.kind == "archive.transfer_due")).all()
    assert {n.user_id for n in notices} == {actor("luutru").user_id}, "the handler is the archivist here"
    assert f"Hồ sơ {dossier.code}" in notices[0].text and "phải nộp vào Lưu trữ cơ quan" in notices[0].text


def test_transfer_makes_a_handover_record_and_the_dossier_exports_as_pdf_and_xml(office):
    incoming = register_new(code_number="31", code_notation="CV-STC")
    dossier = open_dossier("vanthu")
    dossiers.file_item(actor("vanthu"), dossier, FileItemIn(source_item_id=incoming.id, keywords="đất đai"))
    dossiers.close(actor("vanthu"), dossier)
    with pytest.raises(PermissionDenied):
        dossiers.transfer(actor("chuyenvien"), dossier)
    handover = dossiers.transfer(actor("luutru"), dossier)
    assert dossier.status == "transferred" and handover.role == "handover"
    from eoffice.backends import blob_store

    with blob_store().open(handover.sha256) as reader:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(reader.read())).pages)
    assert "BIÊN BẢN GIAO NHẬN" in text and dossier.code in text
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(export.dossier_pdf(dossier))).pages)
    assert "MỤC LỤC VĂN BẢN" in pdf_text and f"{dossier.code}.0000001" in pdf_text and "31/CV-STC" in pdf_text
    root = ET.fromstring(export.dossier_xml(dossier))
    ns = {"h": export.XML_NAMESPACE}
    assert root.findtext("h:MaHoSo", namespaces=ns) == dossier.code
    assert root.findtext("h:ThoiHanBaoQuan", namespaces=ns) == "Vĩnh viễn"
    [doc] = root.findall("h:DanhSachVanBan/h:VanBan", ns)
    assert doc.findtext("h:MaLuuTru", namespaces=ns) == f"{dossier.code}.0000001"
    assert doc.findtext("h:SoVanBan", namespaces=ns) == "31" and doc.findtext("h:TuKhoa", namespaces=ns) == "đất đai"
    with pytest.raises(ServiceError, match="đã được nộp lưu"):
        dossiers.transfer(actor("luutru"), dossier)


def test_a_secret_document_is_hidden_from_the_unit_that_sees_a_public_one(office):
    from eoffice.work.access import may_read

    dossier = open_dossier("truongphong", "03.KT")
    public = dossiers.file_upload(actor("truongphong"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "a.pdf"), DocumentMetaIn())
    secret = dossiers.file_upload(actor("truongphong"), dossier, dossiers.Upload(io.BytesIO(sample_pdf()), "b.pdf"),
                                  DocumentMetaIn(access_regime=3))
    specialist = actor("chuyenvien").user
    assert may_read(specialist, public) and not may_read(specialist, secret)
    assert may_read(actor("luutru").user, secret), "the archivist keeps every record"
    with pytest.raises(PermissionDenied):
        dossiers.get_document(actor("chuyenvien"), secret.id)
