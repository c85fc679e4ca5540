"""A dossier from the desk to the citizen: intake with its checklist and code, the appointment
from the calendar engine (15:00 cut-off), the steps and their control sheet, supplement with
the clock paused, apology at most once, refusal, return, withdrawal, lookup and rating."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from eoffice.calendar.timezone import VN, to_local
from eoffice.auth.permissions import PermissionDenied
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.onestop import citizen, processing
from eoffice.onestop.models import CitizenNotice, Dossier
from eoffice.onestop.schemas import ApologyIn, RatingIn, ReasonIn, StepDoneIn, SupplementIn
from eoffice.outbox.service import drain
from tests.helpers import sample_pdf
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import MORNING, procedure, receive

ALL_GOOD = {"tiep_can": "rat_hai_long", "thu_tuc": "hai_long", "cong_chuc": "rat_hai_long", "ket_qua": "hai_long",
            "thoi_gian": "khong_hai_long"}


def test_a_desk_intake_gets_a_daily_code_and_the_engines_appointment(desk):
    first = receive()
    second = receive()
    assert first.code == "H34.01.01-261203-0001" and second.code == "H34.01.01-261203-0002"
    assert first.status == "processing" and first.portal_code == 4
    # 5 working days from Thursday 09:00: Thursday 09:00 next week (weekend skipped).
    assert to_local(first.deadline) == datetime(2026, 12, 10, 9, 0, tzinfo=VN)
    # Step 1 (the desk's receipt) is done; step 2 waits at the commune for its specialist.
    rows = processing.control_sheet(first)
    assert [r["step"] for r in rows] == ["Tiếp nhận hồ sơ", "Công chức tư pháp – hộ tịch kiểm tra, xác minh"]
    assert rows[0]["timeliness"] == "Đúng hạn" and rows[1]["done_at"] is None


def test_paper_received_after_15_00_counts_from_the_next_working_morning(desk):
    desk.moment = datetime(2026, 12, 4, 15, 30, tzinfo=VN)  # Friday afternoon
    dossier = receive()
    assert to_local(dossier.counted_from) == datetime(2026, 12, 7, 7, 0, tzinfo=VN)  # Monday morning
    assert dossier.code.endswith("-261207-0001")
    assert to_local(dossier.deadline) == datetime(2026, 12, 11, 17, 0, tzinfo=VN)


def test_a_dossier_missing_required_components_is_refused_listing_every_one_and_nothing_is_kept(desk):
    proc = procedure("GPXD-NORL")
    with pytest.raises(ServiceError) as refused:
        receive("GPXD-NORL", provided=[0])
    assert refused.value.code == "missing_components"
    assert "1. Giấy tờ hợp pháp về quyền sử dụng đất" in refused.value.message
    assert "2. Bản vẽ thiết kế xây dựng" in refused.value.message
    assert db.session.scalar(select(Dossier.id)) is None
    # The failed attempt took no number: the next dossier is still 0001.
    assert receive("GPXD-NORL", provided=[0, 1, 2]).code.endswith("-0001")
    assert proc.calendar_days


def test_a_file_that_is_not_what_it_claims_is_refused_and_takes_no_code(desk):
    with pytest.raises(ServiceError) as refused:
        receive(files=[(0, "to-khai.pdf", io.BytesIO(b"not a pdf at all"))])
    assert "PDF" in refused.value.message
    assert db.session.scalar(select(Dossier.id)) is None
    good = receive(files=[(0, "to-khai.pdf", io.BytesIO(sample_pdf()))])
    assert good.code.endswith("-0001") and [f.role for f in good.files] == ["component"]
    assert good.components[0]["file"] == "to-khai.pdf"


def test_steps_go_through_each_agency_and_the_desk_returns_the_result(desk):
    dossier = receive("GPXD-NORL", provided=[0, 1, 2])
    with pytest.raises(PermissionDenied):  # the STP specialist is not the commune's step
        processing.complete_step(actor("chuyenvienstp"), dossier, StepDoneIn(result="x"))
    processing.complete_step(actor("tuphapnt"), dossier, StepDoneIn(result="Đủ điều kiện"))
    processing.complete_step(actor("chuyenvienstp"), dossier, StepDoneIn(result="Không vướng pháp lý"))
    processing.complete_step(actor("giamdocstp"), dossier, StepDoneIn(result="Đồng ý"))
    desk.moment += timedelta(days=1)
    processing.complete_step(actor("chutichnt"), dossier, StepDoneIn(result="Đã ký giấy phép"))
    assert dossier.status == "resolved"
    processing.return_result(actor("motcua"), dossier)
    assert dossier.status == "returned" and dossier.portal_code == 10
    sheet = processing.control_sheet(dossier)
    assert len(sheet) == 6 and all(r["done_at"] for r in sheet)
    assert {r["to"] for r in sheet} >= {"Sở Tư pháp", "Ủy ban nhân dân phường Nha Trang", "Bộ phận Một cửa phường Nha Trang"}


def test_a_supplement_request_pauses_the_clock_and_the_answer_resumes_it_once(desk):
    dossier = receive()
    due = dossier.deadline
    desk.moment = MORNING + timedelta(hours=2)  # 11:00, two working hours used
    processing.request_supplement(actor("motcua"), dossier, SupplementIn(missing=["Bản sao giấy xác nhận tình trạng hôn nhân",
                                                                                  "Ảnh chân dung"]))
    assert dossier.status == "supplement" and dossier.deadline is None
    assert dossier.missing_items == ["Bản sao giấy xác nhận tình trạng hôn nhân", "Ảnh chân dung"]
    desk.moment = datetime(2026, 12, 7, 9, 0, tzinfo=VN)  # Monday: 2 working days later
    processing.supplement(actor("motcua"), dossier)
    assert dossier.status == "processing"
    # Paused 14 working hours (Thu 11:00 → Mon 09:00), so the due moment moves 14 working
    # hours: Thursday 10th 09:00 → Friday 11th 17:00.
    assert to_local(due) == datetime(2026, 12, 10, 9, 0, tzinfo=VN)
    assert to_local(dossier.deadline) == datetime(2026, 12, 11, 17, 0, tzinfo=VN)
    with pytest.raises(ServiceError) as twice:
        processing.supplement(actor("motcua"), dossier)
    assert twice.value.code == "not_waiting_supplement"


def test_the_apology_moves_the_date_once_and_only_a_working_day_before_it_is_due(desk):
    dossier = receive()
    due = to_local(dossier.deadline)
    sunday = datetime(2026, 12, 13, 9, 0, tzinfo=VN)
    with pytest.raises(ServiceError) as day_off:  # a new date on a day off is refused, nothing moved
        processing.apologise(actor("motcua"), dossier, ApologyIn(new_due=sunday, reason="Cần xác minh thêm"))
    assert day_off.value.code == "invalid_appointment" and to_local(dossier.deadline) == due and dossier.original_due is None
    new_date = datetime(2026, 12, 14, 16, 0, tzinfo=VN)
    processing.apologise(actor("motcua"), dossier, ApologyIn(new_due=new_date, reason="Cần xác minh thêm tại nơi cư trú"))
    assert to_local(dossier.deadline) == new_date and to_local(dossier.original_due) == due
    with pytest.raises(ServiceError) as again:
        processing.apologise(actor("motcua"), dossier, ApologyIn(new_due=new_date + timedelta(days=1), reason="Lần hai"))
    assert "một lần" in again.value.message
    late = receive()
    desk.moment = to_local(late.deadline) - timedelta(hours=3)
    with pytest.raises(ServiceError) as too_late:
        processing.apologise(actor("motcua"), late, ApologyIn(new_due=new_date, reason="Muộn"))
    assert "01 ngày" in too_late.value.message


def test_refusal_and_withdrawal_need_a_reason_and_close_the_dossier(desk):
    refused = processing.refuse(actor("motcua"), receive(), ReasonIn(reason="Không thuộc thẩm quyền của phường"))
    assert refused.status == "rejected" and refused.open_assignments == []
    withdrawn = processing.withdraw(actor("motcua"), receive(), ReasonIn(reason="Công dân đề nghị rút"))
    assert withdrawn.status == "withdrawn"
    with pytest.raises(ValidationError):
        ReasonIn(reason="")


def test_the_citizen_looks_up_with_a_second_factor_and_rates_once(desk):
    dossier = receive()
    wrong_secret = pytest.raises(ServiceError)
    with wrong_secret as by_wrong_secret:
        citizen.lookup(dossier.code, "9999", "1.2.3.4")
    with pytest.raises(ServiceError) as by_wrong_code:
        citizen.lookup("H34.01.01-261203-0099", "3456", "1.2.3.4")
    assert by_wrong_secret.value.message == by_wrong_code.value.message
    assert citizen.lookup(dossier.code, "3456").id == dossier.id
    assert citizen.lookup(dossier.code, dossier.lookup_secret).id == dossier.id
    assert [line.label for line in citizen.timeline(dossier)][:2] == ["Tiếp nhận hồ sơ", "Chuyển bước xử lý"]
    with pytest.raises(ServiceError):
        citizen.rate(dossier, RatingIn(values=ALL_GOOD))
    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn())
    processing.return_result(actor("motcua"), dossier)
    citizen.rate(dossier, RatingIn(values=ALL_GOOD))
    with pytest.raises(ServiceError) as twice:
        citizen.rate(dossier, RatingIn(values=ALL_GOOD))
    assert twice.value.code == "already_rated"
    assert citizen.ratings_summary()["thoi_gian"]["khong_hai_long"] == 1


def test_lookups_with_wrong_secrets_are_throttled_per_address(desk):
    dossier = receive()
    for _ in range(citizen.MAX_FAILURES):
        with pytest.raises(ServiceError):
            citizen.lookup(dossier.code, "0000", "5.6.7.8")
    with pytest.raises(ServiceError) as blocked:
        citizen.lookup(dossier.code, "3456", "5.6.7.8")
    assert blocked.value.code == "too_many_lookups"
    assert citizen.lookup(dossier.code, "3456", "9.9.9.9").id == dossier.id


def test_every_change_queues_a_notice_to_the_citizen_that_the_worker_sends(desk):
    dossier = receive()
    processing.request_supplement(actor("motcua"), dossier, SupplementIn(missing=["Ảnh chân dung"]))
    drain()
    notices = db.session.scalars(select(CitizenNotice).where(CitizenNotice.dossier_id == dossier.id)).all()
    assert {(n.channel, n.address) for n in notices} == {("email", "an@example.vn"), ("sms", "0905123456")}
    assert len(notices) == 4 and all(n.status == "sent" for n in notices)
    assert any("Ảnh chân dung" in n.text for n in notices)


def test_the_search_entry_names_the_code_and_only_the_dossiers_readers(desk):
    from eoffice.onestop.kind import search_document

    dossier = receive()
    entry = search_document(dossier.id)
    assert entry.number == dossier.code and entry.kind == "dossier" and "Nguyễn Văn An" in entry.title
    assert f"unit:{dossier.owner_unit_id}" in entry.readers and "all" not in entry.readers
