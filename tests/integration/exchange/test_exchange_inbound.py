"""A package from another agency lands in the addressed unit's inbox, filled in from its
header, checked like an upload; a second copy, a recall or a broken file is refused with the
reason and saves nothing — on both databases."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from eoffice.calendar.timezone import VN
from eoffice.backends import blob_store
from eoffice.db import db
from eoffice.documents import deliveries
from eoffice.documents.models import InboundDelivery
from eoffice.errors import ServiceError
from eoffice.exchange import edxml, inbound
from eoffice.exchange.models import ExchangeMessage
from tests.helpers import csrf_token, login, sample_pdf
from tests.integration.documents.conftest import actor

OFFICE_CODE = "000.00.01.H34"  # the demo's Văn phòng UBND tỉnh, whose registers vanthu keeps


def _package(**changes) -> bytes:  # type: ignore[no-untyped-def]
    message = edxml.Message(
        sender=edxml.Organ("000.00.00.G12", "Bộ Xây dựng"), recipients=(edxml.Organ(OFFICE_CODE, "Văn phòng UBND tỉnh Khánh Hòa"),),
        document_id="000.00.00.G12,2026/12/01,1234", code_number="1234", code_notation="bxd-qln",
        promulgation_date=date(2026, 12, 1), subject="Về việc rà soát nhà ở xuống cấp", doc_type="CV", type_name="Công văn",
        signer_full_name="Nguyễn Văn Sinh", signer_position="Thứ trưởng", signer_competence="KT. BỘ TRƯỞNG",
        sent_at=datetime(2026, 12, 1, 16, 0, tzinfo=VN), priority=edxml.Priority.URGENT,
        attachments=(edxml.Attachment("1234-BXD-QLN.pdf", "application/pdf", sample_pdf(number="1234", notation="BXD-QLN")),
                     edxml.Attachment("phu-luc.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04docx")),
    )
    return edxml.build(replace(message, **changes))


def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count(InboundDelivery.id))), db.session.scalar(select(func.count(ExchangeMessage.id))))


def test_a_package_lands_in_the_addressed_units_inbox_filled_in_from_its_header(office):
    delivery = inbound.receive(actor("vanthu"), _package())
    assert [d.id for d in deliveries.pending_for(actor("vanthu").user)] == [delivery.id]
    values = deliveries.prefill(delivery)
    assert values["issuer_name"] == "Bộ Xây dựng" and values["issuer_code"] == "000.00.00.G12"
    assert (values["code_number"], values["code_notation"]) == ("1234", "BXD-QLN"), "số/ký hiệu in the Decree 30 spelling"
    assert values["channel"] == "electronic" and values["urgency"] == 1 and values["doc_type"] == "CV"
    assert values["signer_position"] == "KT. BỘ TRƯỞNG Thứ trưởng"
    assert [f.filename for f in delivery.files] == ["1234-BXD-QLN.pdf", "phu-luc.docx"]
    [kept] = db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.direction == "in")).all()
    assert (kept.kind, kept.status, kept.organ_id) == ("document", "received", "000.00.00.G12") and kept.stored.size > 0
    [arrived] = db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.direction == "out")).all()
    assert (arrived.kind, arrived.status_code, arrived.organ_id) == ("status", "01", "000.00.00.G12"), "the sender is told it arrived"
    status = edxml.parse_status(blob_store().read_bytes(arrived.stored.sha256))
    assert status.sender.organ_id == OFFICE_CODE and status.document_id == "000.00.00.G12,2026/12/01,1234"


def test_a_second_copy_a_recall_or_a_broken_file_is_refused_and_saves_nothing(office):
    inbound.receive(actor("vanthu"), _package())
    db.session.commit()
    before = _counts()
    for package, code in (
        (_package(), "exchange_duplicate"),
        (_package(document_id="x-2", business=edxml.Business.RECALL), "exchange_recall_unknown"),
        (_package(document_id="x-6", business=edxml.Business.UPDATE), "exchange_not_new"),
        (_package(document_id="x-3", attachments=(edxml.Attachment("a.pdf", "application/pdf", b"%PDF-1.7 not really"),)), None),
        (_package(document_id="x-4", attachments=()), "exchange_no_pdf"),
        (_package(document_id="x-5", recipients=(edxml.Organ("000.00.99.H34", "Sở không có"),)), "exchange_unknown_recipient"),
        (b"<html>not edxml</html>", "invalid_edxml"),
    ):
        with pytest.raises(ServiceError) as info:
            inbound.receive(actor("vanthu"), package)
            pytest.fail(f"accepted although it should be refused with {code}")
        if code:
            assert info.value.code == code, info.value.message
        db.session.rollback()
        assert _counts() == before


def test_a_recall_from_the_sender_withdraws_the_waiting_delivery_and_a_second_one_is_refused(office):
    from eoffice.notify.models import Notification

    delivery = inbound.receive(actor("vanthu"), _package())
    db.session.commit()
    recalled = inbound.receive(actor("vanthu"), _package(business=edxml.Business.RECALL, attachments=(),
                                                         content="Văn bản ban hành nhầm đối tượng."))
    db.session.commit()
    assert recalled.id == delivery.id and delivery.status == "recalled"
    assert "Văn bản ban hành nhầm đối tượng." in delivery.refused_reason
    assert deliveries.pending_for(actor("vanthu").user) == [], "it leaves the clerks' queue"
    note = db.session.scalars(select(Notification).where(Notification.kind == "incoming.recalled")).first()
    assert note is not None and "thu hồi văn bản 1234/BXD-QLN" in note.text
    with pytest.raises(ServiceError) as again:
        inbound.receive(actor("vanthu"), _package(business=edxml.Business.RECALL, attachments=()))
    assert again.value.code == "exchange_duplicate"


def test_a_recall_of_a_registered_document_is_written_into_its_history(office):
    from eoffice.documents import registration
    from eoffice.work.models import WorkEvent
    from tests.integration.documents.conftest import registration_input

    delivery = inbound.receive(actor("vanthu"), _package())
    staged = deliveries.accept(actor("vanthu"), delivery)
    doc = registration.register_document(actor("vanthu"), registration_input(
        staged[0].token, attachment_tokens=[s.token for s in staged[1:]], code_number="1234", code_notation="BXD-QLN"))
    inbound.receive(actor("vanthu"), _package(business=edxml.Business.RECALL, attachments=(), content="Ban hành nhầm."))
    db.session.commit()
    texts = [e.text for e in db.session.scalars(select(WorkEvent).where(WorkEvent.work_item_id == doc.id))]
    assert any("Nơi gửi đã thu hồi văn bản 1234/BXD-QLN: Ban hành nhầm." in (t or "") for t in texts), texts


def test_a_unit_without_any_organisation_code_keeps_the_status_it_could_not_send_with_the_reason(office):
    from eoffice.org.models import Unit

    office_unit = db.session.scalars(select(Unit).where(Unit.org_code == OFFICE_CODE)).one()
    for unit in [office_unit, *office_unit.ancestors()]:
        unit.org_code = None
    db.session.commit()
    inbound.receive(actor("vanthu"), _package(), unit_id=office_unit.id)
    db.session.commit()
    [kept] = db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.direction == "out")).all()
    assert (kept.kind, kept.status, kept.stored) == ("status", "unbuilt", None)
    assert "chưa có mã định danh" in kept.last_error and "Quản trị → Đơn vị" in kept.last_error


def test_a_clerk_of_another_unit_cannot_take_in_a_package_for_this_one(office):
    from eoffice.auth.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        inbound.receive(actor("chuyenvien"), _package())


def test_the_clerk_takes_in_a_package_from_the_inbox_page(office):
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    page = client.get("/incoming/deliveries/").get_data(as_text=True)
    assert 'data-testid="edxml-upload"' in page
    token = csrf_token(client, "/incoming/deliveries/")
    import io

    done = client.post("/incoming/deliveries/edxml", data={"csrf_token": token, "package": (io.BytesIO(_package()), "goi.edxml")},
                       content_type="multipart/form-data", follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Đã tiếp nhận gói tin từ Bộ Xây dựng" in html and "Về việc rà soát nhà ở xuống cấp" in html
    again = client.post("/incoming/deliveries/edxml", data={"csrf_token": token, "package": (io.BytesIO(_package()), "goi.edxml")},
                        content_type="multipart/form-data", follow_redirects=True)
    assert "đã được nhận lúc" in again.get_data(as_text=True)


def test_packages_a_connector_leaves_in_the_inbox_folder_are_taken_in_or_set_aside_with_the_reason(office, tmp_path):
    (tmp_path / "a.edxml").write_bytes(_package())
    (tmp_path / "b.edxml").write_bytes(_package())  # the same document again
    (tmp_path / "ghi-chu.txt").write_text("không phải gói tin")
    assert inbound.take_in_folder(tmp_path) == 1
    assert (tmp_path / "done" / "a.edxml").exists() and (tmp_path / "refused" / "b.edxml").exists()
    assert "đã được nhận lúc" in (tmp_path / "refused" / "b.txt").read_text(encoding="utf-8")
    assert (tmp_path / "ghi-chu.txt").exists(), "other files are left alone"
    assert len(deliveries.pending_for(actor("vanthu").user)) == 1
    assert inbound.take_in_folder(tmp_path) == 0, "nothing is tried twice"


def test_the_command_line_takes_in_a_package_and_lists_the_exchange(office, tmp_path):
    from eoffice.cli import main

    path = tmp_path / "goi.edxml"
    path.write_bytes(_package())
    runner = office.test_cli_runner()
    taken = runner.invoke(main, ["exchange", "receive", str(path)])
    assert taken.exit_code == 0 and "Về việc rà soát nhà ở xuống cấp" in taken.output, taken.output
    again = runner.invoke(main, ["exchange", "receive", str(path)])
    assert again.exit_code == 2 and "đã được nhận" in again.output
    listed = runner.invoke(main, ["exchange", "list"])
    assert "← 000.00.00.G12 Bộ Xây dựng" in listed.output and "Đã nhận" in listed.output


def _statuses_to_sender() -> list[str]:
    return list(db.session.scalars(select(ExchangeMessage.status_code).where(
        ExchangeMessage.direction == "out", ExchangeMessage.kind == "status").order_by(ExchangeMessage.id)))


def test_registering_or_returning_the_package_tells_the_sending_agency(office):
    from eoffice.documents import registration
    from eoffice.outbox import service as outbox
    from tests.integration.documents.conftest import registration_input

    delivery = inbound.receive(actor("vanthu"), _package())
    staged = deliveries.accept(actor("vanthu"), delivery)
    doc = registration.register_document(actor("vanthu"), registration_input(
        staged[0].token, attachment_tokens=[s.token for s in staged[1:]], code_number="1234", code_notation="BXD-QLN"))
    outbox.drain()
    assert _statuses_to_sender() == ["01", "03"]
    accepted = db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.status_code == "03")).one()
    assert f"số đến {doc.arrival_number}" in edxml.parse_status(blob_store().read_bytes(accepted.stored.sha256)).description

    other = inbound.receive(actor("vanthu"), _package(document_id="000.00.00.G12,2026/12/01,1235", code_number="1235"))
    deliveries.refuse(actor("vanthu"), other, "Không thuộc thẩm quyền của Văn phòng; đề nghị gửi Sở Xây dựng.")
    outbox.drain()
    assert _statuses_to_sender() == ["01", "03", "01", "02"]
    refused = db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.status_code == "02")).one()
    assert "Sở Xây dựng" in edxml.parse_status(blob_store().read_bytes(refused.stored.sha256)).description


def test_a_status_from_an_agency_we_sent_to_is_recorded_once_and_an_unknown_one_is_refused(office):
    from eoffice.exchange import service

    sent = service.queue(edxml.Message(
        sender=edxml.Organ(OFFICE_CODE, "Văn phòng UBND tỉnh"), recipients=(edxml.Organ("000.00.00.G12", "Bộ Xây dựng"),),
        document_id="000.00.01.H34,2026/12/03,07/BC-UBND", code_number="07", code_notation="BC-UBND",
        promulgation_date=date(2026, 12, 3), subject="Báo cáo tình hình nhà ở", doc_type="BC", type_name="Báo cáo",
        signer_full_name="Đặng Quốc Hùng", sent_at=datetime(2026, 12, 3, 9, 0, tzinfo=VN),
        attachments=(edxml.Attachment("07.pdf", "application/pdf", sample_pdf()),)))
    status = edxml.StatusMessage(
        sender=edxml.Organ("000.00.00.G12", "Bộ Xây dựng"), recipient_id=OFFICE_CODE, document_id=sent.document_id,
        code_number="07", code_notation="BC-UBND", status=edxml.Status.ACCEPTED, at=datetime(2026, 12, 3, 10, 0, tzinfo=VN),
        description="Đã vào sổ, số đến 5012")
    package = edxml.build_status(status)
    first = inbound.take_in(actor("vanthu"), package)
    assert (first.kind, first.status_code, first.note) == ("status", "03", "Đã vào sổ, số đến 5012")
    assert inbound.take_in(actor("vanthu"), package).id == first.id, "the same status twice is recorded once"
    with pytest.raises(ServiceError) as info:
        inbound.take_in(actor("vanthu"), edxml.build_status(replace(status, document_id="khác")))
    assert info.value.code == "exchange_status_unknown"


def _api(office, username: str):  # type: ignore[no-untyped-def]
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts

    token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user(username), "thử")
    client = office.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_the_api_takes_in_a_package_and_lists_the_exchange(office):
    import io

    clerk = _api(office, "vanthu")
    created = clerk.post("/api/v1/exchange/packages", data={"package": (io.BytesIO(_package()), "goi.edxml")},
                         content_type="multipart/form-data")
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.json["sender_name"] == "Bộ Xây dựng" and created.json["metadata"]["channel"] == "electronic"
    broken = clerk.post("/api/v1/exchange/packages", data={"package": (io.BytesIO(b"<x/>"), "goi.edxml")},
                        content_type="multipart/form-data")
    assert broken.status_code == 400 and "MessageHeader" in broken.json["error"]["message"]
    missing = clerk.post("/api/v1/exchange/packages", data={}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "package" in missing.json["error"]["message"]
    listed = clerk.get("/api/v1/exchange/messages?direction=in")
    assert listed.status_code == 200 and [m["organ_id"] for m in listed.json["items"]] == ["000.00.00.G12"]
    assert listed.json["items"][0]["status_label"] == "Đã nhận"
    assert clerk.get("/api/v1/exchange/messages?direction=sideways").status_code == 422
    assert _api(office, "chuyenvien").get("/api/v1/exchange/messages").status_code == 403
