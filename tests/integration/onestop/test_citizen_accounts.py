"""Citizen accounts on the public side, as the citizen uses them through the pages: register by
phone or e-mail, the one-time code arrives through the real channels (the local SMS gateway,
aiosmtpd), codes expire, allow few tries, are resent only so often; an account is usable only
once verified; signing in never makes the citizen a staff user; «Hồ sơ của tôi» lists only
one's own dossiers, with the supplement and the rating; online submission takes the verified
contact; a forgotten password is reset by code."""
from __future__ import annotations

import io
import re
import unicodedata
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from eoffice.db import db, utcnow
from eoffice.onestop import accounts, intake, processing
from eoffice.onestop.models import CitizenAccount, CitizenCode, CitizenSession, Dossier
from eoffice.onestop.schemas import StepDoneIn, SupplementIn
from eoffice.outbox.service import drain
from tests.helpers import csrf_token, html_problems, sample_pdf
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import procedure

PASSWORD = "hoa sen nở giữa đầm lầy"
PHONE = "0905 777 888"


def last_code(texts: list[dict[str, str]]) -> str:
    return re.search(r"\b(\d{6})\b", texts[-1]["text"]).group(1)  # type: ignore[union-attr]


def mailed_code(mailbox: Any) -> str:
    return re.search(r"\b(\d{6})\b", mailbox.messages[-1].get_content()).group(1)  # type: ignore[union-attr]


def later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Move the accounts' clock forward (codes and sessions are judged in UTC)."""
    moment = utcnow() + timedelta(seconds=seconds)
    monkeypatch.setattr(accounts, "utcnow", lambda: moment)


def post(client: Any, url: str, **data: Any) -> Any:
    return client.post(url, data={"csrf_token": csrf_token(client, "/cong-dan/dang-nhap"), **data})


def register(client: Any, name: str = "Trần Thị Bích", contact: str = PHONE, password: str = PASSWORD) -> Any:
    return post(client, "/cong-dan/dang-ky", full_name=name, contact=contact, password=password)


def verified_client(app: Any, texts: list[dict[str, str]], contact: str = PHONE, mailbox: Any = None) -> Any:
    client = app.test_client()
    assert register(client, contact=contact).status_code == 302
    code = mailed_code(mailbox) if "@" in contact else last_code(texts)
    assert post(client, "/cong-dan/xac-nhan", lh=contact, code=code).status_code == 302
    signed = post(client, "/cong-dan/dang-nhap", lh=contact, password=PASSWORD)
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/cong-dan/ho-so")
    return client


def test_a_citizen_registers_by_phone_confirms_the_code_and_only_then_signs_in(configured, app):
    _, texts, _ = configured
    client = app.test_client()
    page = client.get("/cong-dan/dang-ky")
    assert page.status_code == 200 and html_problems(page.get_data(as_text=True)) == []
    done = register(client)
    assert done.status_code == 302 and "/cong-dan/xac-nhan" in done.headers["Location"]
    assert texts[-1]["to"] == "0905777888" and "Mã xác nhận tài khoản" in texts[-1]["text"]
    code = last_code(texts)
    assert db.session.scalar(select(CitizenCode.code_hash)) != code, "only the code's digest is kept"

    unverified = post(client, "/cong-dan/dang-nhap", lh=PHONE, password=PASSWORD)
    assert unverified.status_code == 302 and "/cong-dan/xac-nhan" in unverified.headers["Location"]
    assert "chưa được xác nhận" in client.get(unverified.headers["Location"]).get_data(as_text=True)
    assert client.get("/cong-dan/ho-so").status_code == 302, "no session was opened"

    wrong = post(client, "/cong-dan/xac-nhan", lh=PHONE, code="000000" if code != "000000" else "111111")
    assert wrong.status_code == 400 and "Mã không đúng. Còn 4 lần thử." in wrong.get_data(as_text=True)
    assert post(client, "/cong-dan/xac-nhan", lh="+84 905 777 888", code=code).status_code == 302
    account = db.session.scalars(select(CitizenAccount)).one()
    assert account.verified_at is not None and account.phone == "0905777888"

    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        away = post(client, "/cong-dan/dang-nhap", lh=PHONE, password=PASSWORD, next=elsewhere)
        assert away.status_code == 302 and away.headers["Location"].endswith("/cong-dan/ho-so"), elsewhere
    signed = post(client, "/cong-dan/dang-nhap", lh="0905.777.888", password=PASSWORD, next="/cong-dan/ho-so?x=1")
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/cong-dan/ho-so?x=1")
    mine = client.get("/cong-dan/ho-so")
    html = mine.get_data(as_text=True)
    assert mine.status_code == 200 and "Hồ sơ của tôi" in html and "Trần Thị Bích" in html
    assert html_problems(html) == []
    out = post(client, "/cong-dan/dang-xuat")
    assert out.status_code == 302 and client.get("/cong-dan/ho-so").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CitizenSession).where(CitizenSession.ended_at.is_(None))) == 0


def test_a_wrong_password_and_an_unknown_contact_get_the_same_answer(configured, app):
    _, texts, _ = configured
    verified_client(app, texts)
    client = app.test_client()
    wrong = post(client, "/cong-dan/dang-nhap", lh=PHONE, password="không phải mật khẩu")
    unknown = post(client, "/cong-dan/dang-nhap", lh="0912345678", password=PASSWORD)
    garbage = post(client, "/cong-dan/dang-nhap", lh="không phải số", password=PASSWORD)
    assert wrong.status_code == unknown.status_code == garbage.status_code == 400
    assert accounts.BAD_SIGN_IN in wrong.get_data(as_text=True)
    assert accounts.BAD_SIGN_IN in unknown.get_data(as_text=True) and accounts.BAD_SIGN_IN in garbage.get_data(as_text=True)


def test_the_code_expires_and_allows_five_tries(configured, app, monkeypatch):
    _, texts, _ = configured
    client = app.test_client()
    register(client)
    code = last_code(texts)
    wrong = "123456" if code != "123456" else "654321"
    for _ in range(accounts.MAX_ATTEMPTS):
        assert post(client, "/cong-dan/xac-nhan", lh=PHONE, code=wrong).status_code == 400
    spent = post(client, "/cong-dan/xac-nhan", lh=PHONE, code=code)
    assert spent.status_code == 400 and "sai mã 5 lần nên mã này bị hủy" in spent.get_data(as_text=True)
    assert db.session.scalars(select(CitizenAccount)).one().verified_at is None

    later(monkeypatch, accounts.RESEND_SECONDS + 1)
    assert post(client, "/cong-dan/xac-nhan", lh=PHONE, resend="1").status_code == 302
    fresh = last_code(texts)
    later(monkeypatch, accounts.RESEND_SECONDS + 1 + accounts.CODE_MINUTES * 60 + 1)
    expired = post(client, "/cong-dan/xac-nhan", lh=PHONE, code=fresh)
    assert expired.status_code == 400 and "Mã đã hết hạn" in expired.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(select(CitizenAccount)).one().verified_at is None


def test_a_resend_is_throttled_and_replaces_the_old_code(configured, app, monkeypatch):
    _, texts, _ = configured
    client = app.test_client()
    register(client)
    first = last_code(texts)
    soon = post(client, "/cong-dan/xac-nhan", lh=PHONE, resend="1")
    assert soon.status_code == 400 and "Hãy chờ" in soon.get_data(as_text=True) and len(texts) == 1
    for sent in range(2, accounts.MAX_CODES_PER_HOUR + 1):
        later(monkeypatch, (accounts.RESEND_SECONDS + 1) * sent)
        assert post(client, "/cong-dan/xac-nhan", lh=PHONE, resend="1").status_code == 302
    assert len(texts) == accounts.MAX_CODES_PER_HOUR
    later(monkeypatch, (accounts.RESEND_SECONDS + 1) * (accounts.MAX_CODES_PER_HOUR + 1))
    flood = post(client, "/cong-dan/xac-nhan", lh=PHONE, resend="1")
    assert flood.status_code == 429 and "Đã gửi 5 mã trong một giờ" in flood.get_data(as_text=True)
    assert flood.headers["Retry-After"].isdigit() and len(texts) == accounts.MAX_CODES_PER_HOUR
    newest = last_code(texts)
    if first != newest:
        old = post(client, "/cong-dan/xac-nhan", lh=PHONE, code=first)
        assert old.status_code == 400 and "Mã không đúng" in old.get_data(as_text=True)
    assert post(client, "/cong-dan/xac-nhan", lh=PHONE, code=newest).status_code == 302


def test_a_verified_phone_or_email_cannot_be_registered_twice_but_an_unconfirmed_one_is_not_held(configured, app,
                                                                                                  monkeypatch):
    mailbox, texts, _ = configured
    verified_client(app, texts)
    verified_client(app, texts, contact="Bich.Tran@Example.vn", mailbox=mailbox)
    client = app.test_client()
    for contact in ("0905777888", "+84905777888", "bich.tran@example.vn"):
        taken = register(client, "Kẻ Giả Mạo", contact, "một mật khẩu khác hẳn")
        assert taken.status_code == 400 and "Đã có tài khoản với" in taken.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CitizenAccount.id))) == 2

    register(client, "Người Đăng Ký Trước", "0977000111", "mật khẩu đầu tiên ấy")
    later(monkeypatch, accounts.RESEND_SECONDS + 1)
    again = register(client, "Lê Văn Thật", "0977 000 111", PASSWORD)
    assert again.status_code == 302, "an unconfirmed registration does not hold the phone"
    account = db.session.scalar(select(CitizenAccount).where(CitizenAccount.phone == "0977000111"))
    assert account is not None and account.full_name == "Lê Văn Thật"


def test_bad_input_is_refused_and_creates_nothing_and_names_are_kept_in_nfc(configured, app):
    _, texts, _ = configured
    client = app.test_client()
    for name, contact, password, says in (
        ("Trần An", "12345", PASSWORD, "số điện thoại di động 10 chữ số"),
        ("Trần An", "an@@example", PASSWORD, "không phải địa chỉ thư điện tử hợp lệ"),
        ("   ", PHONE, PASSWORD, "Hãy nhập họ và tên"),
        ("Trần An", PHONE, "12345678", "mật khẩu phổ biến"),
        ("Trần An", PHONE, "ngắn", "Mật khẩu quá ngắn"),
    ):
        refused = register(client, name, contact, password)
        assert refused.status_code == 400 and says in refused.get_data(as_text=True), says
        assert 'value="' + name.strip() + '"' in refused.get_data(as_text=True) or not name.strip(), "what was typed stays"
    assert db.session.scalar(select(func.count(CitizenAccount.id))) == 0 and texts == []

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert register(client, decomposed, PHONE).status_code == 302
    assert db.session.scalars(select(CitizenAccount.full_name)).one() == unicodedata.normalize("NFC", "Nguyễn Thị Hường")


def test_a_signed_in_citizen_is_not_a_staff_user(configured, app):
    _, texts, _ = configured
    client = verified_client(app, texts)
    for staff_page in ("/", "/onestop/", "/onestop/new", "/onestop/stats"):
        answer = client.get(staff_page)
        assert answer.status_code in (302, 401) and "/login" in answer.headers.get("Location", "/login"), staff_page
    assert client.get("/api/v1/dossiers").status_code == 401


def _online(client: Any, **typed: Any) -> Any:
    proc = procedure("1.001193")
    page = f"/nop-truc-tuyen?procedure_id={proc.id}"
    form = {"csrf_token": csrf_token(client, page), "procedure_id": proc.id, "desk_unit_id": intake.desks()[0].id,
            "provided": ["0", "1", "2"], "file_0": (io.BytesIO(sample_pdf()), "to-khai.pdf"), **typed}
    return client.post(page, data=form, content_type="multipart/form-data")


def test_online_submission_from_an_account_takes_the_verified_contact_and_notices_go_there(configured, app):
    mailbox, texts, _ = configured
    client = verified_client(app, texts, contact="bich@example.vn", mailbox=mailbox)
    form = client.get(f"/nop-truc-tuyen?procedure_id={procedure('1.001193').id}").get_data(as_text=True)
    assert 'data-testid="online-account"' in form and 'name="applicant_phone"' not in form
    done = _online(client, applicant_name="Ai Đó Khác", applicant_phone="0999999999", applicant_email="khac@example.vn")
    assert done.status_code == 200, done.get_data(as_text=True)
    dossier = db.session.scalars(select(Dossier)).one()
    account = db.session.scalars(select(CitizenAccount)).one()
    assert dossier.citizen_account_id == account.id and dossier.applicant_name == "Trần Thị Bích"
    assert (dossier.applicant_email, dossier.applicant_phone) == ("bich@example.vn", "")
    drain()
    assert mailbox.messages[-1]["To"] == "bich@example.vn" and dossier.code in mailbox.messages[-1]["Subject"]
    assert all(t["to"] != "0999999999" for t in texts)
    listed = client.get("/cong-dan/ho-so").get_data(as_text=True)
    assert dossier.code in listed and "Mới đăng ký" in listed


def test_my_dossiers_answer_the_supplement_and_rate_and_someone_elses_is_not_found(configured, app):
    mailbox, texts, _ = configured
    client = verified_client(app, texts)
    assert _online(client).status_code == 200
    dossier = db.session.scalars(select(Dossier)).one()
    other = verified_client(app, texts, contact="0912888999")
    assert other.get(f"/cong-dan/ho-so/{dossier.code}").status_code == 404
    assert other.post(f"/cong-dan/ho-so/{dossier.code}/danh-gia", data={"csrf_token": csrf_token(other, "/cong-dan/ho-so")}).status_code == 404
    assert dossier.code not in other.get("/cong-dan/ho-so").get_data(as_text=True)
    assert app.test_client().get(f"/cong-dan/ho-so/{dossier.code}").status_code == 302, "anonymous: to the sign-in"

    intake.accept_online(actor("motcua"), dossier)
    processing.request_supplement(actor("motcua"), dossier, SupplementIn(missing=["Giấy chứng sinh bản rõ nét"]))
    page = client.get(f"/cong-dan/ho-so/{dossier.code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Giấy chứng sinh bản rõ nét" in html and 'data-testid="supplement-form"' in html
    assert html_problems(html) == []
    assert "Giấy chứng sinh bản rõ nét" in client.get("/cong-dan/ho-so").get_data(as_text=True), "what is missing, in the list"
    answer = {"csrf_token": csrf_token(client, "/cong-dan/ho-so"), "file_1": (io.BytesIO(sample_pdf()), "chung-sinh.pdf")}
    first = client.post(f"/cong-dan/ho-so/{dossier.code}/bo-sung", data=answer, content_type="multipart/form-data",
                        follow_redirects=True)
    assert "Đã gửi phần bổ sung" in first.get_data(as_text=True)
    again = {**answer, "file_1": (io.BytesIO(sample_pdf()), "chung-sinh.pdf")}
    second = client.post(f"/cong-dan/ho-so/{dossier.code}/bo-sung", data=again, content_type="multipart/form-data",
                         follow_redirects=True)
    assert "không còn chờ bổ sung" in second.get_data(as_text=True)
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.status == "processing" and sorted(f.role for f in dossier.files) == ["component", "supplement"]

    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn())
    processing.return_result(actor("motcua"), dossier)
    values = {key: "rat_hai_long" for key in ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "thoi_gian")}
    rated = client.post(f"/cong-dan/ho-so/{dossier.code}/danh-gia",
                        data={"csrf_token": csrf_token(client, "/cong-dan/ho-so"), **values}, follow_redirects=True)
    html = rated.get_data(as_text=True)
    assert "Cảm ơn ông/bà đã đánh giá." in html and 'data-testid="rating-form"' not in html and "Đã trả kết quả" in html


def test_a_forgotten_password_is_reset_by_code_and_old_sessions_end(configured, app, monkeypatch):
    _, texts, _ = configured
    old_session = verified_client(app, texts)
    client = app.test_client()
    unknown = post(client, "/cong-dan/quen-mat-khau", lh="0911000222")
    known = post(client, "/cong-dan/quen-mat-khau", lh=PHONE)
    assert unknown.status_code == known.status_code == 302, "the same answer whether or not the account exists"
    assert [t["to"] for t in texts].count("0911000222") == 0 and "đặt lại mật khẩu" in texts[-1]["text"]
    code = last_code(texts)
    weak = post(client, "/cong-dan/dat-lai-mat-khau", lh=PHONE, code=code, password="12345678")
    assert weak.status_code == 400 and "mật khẩu phổ biến" in weak.get_data(as_text=True)
    new = "thuyền nan trôi trên sông"
    assert post(client, "/cong-dan/dat-lai-mat-khau", lh=PHONE, code=code, password=new).status_code == 302, \
        "a refused password left the code usable"
    assert old_session.get("/cong-dan/ho-so").status_code == 302, "the session opened before the reset is over"
    assert post(client, "/cong-dan/dang-nhap", lh=PHONE, password=PASSWORD).status_code == 400
    assert post(client, "/cong-dan/dang-nhap", lh=PHONE, password=new).status_code == 302
    reused = post(client, "/cong-dan/dat-lai-mat-khau", lh=PHONE, code=code, password="một mật khẩu khác nữa")
    assert reused.status_code == 400, "a code is used once"


def test_signing_in_wrong_too_often_from_an_address_says_when_to_try_again(configured, app):
    _, texts, _ = configured
    verified_client(app, texts)
    client = app.test_client()
    for _ in range(accounts.SIGN_IN_THROTTLE.max_failures):
        assert post(client, "/cong-dan/dang-nhap", lh=PHONE, password="sai mật khẩu rồi").status_code == 400
    blocked = post(client, "/cong-dan/dang-nhap", lh=PHONE, password=PASSWORD)
    html = blocked.get_data(as_text=True)
    assert blocked.status_code == 429 and "Đăng nhập sai quá nhiều lần" in html and re.search(r"lúc \d\d:\d\d", html)
    assert int(blocked.headers["Retry-After"]) > 0


def test_the_worker_drops_old_codes_and_long_ended_citizen_sessions_and_keeps_the_accounts(configured, app, monkeypatch):
    _, texts, _ = configured
    signed_out = verified_client(app, texts)
    assert post(signed_out, "/cong-dan/dang-xuat").status_code == 302
    verified_client(app, texts, contact="0905 111 222")
    assert db.session.scalar(select(func.count()).select_from(CitizenCode)) == 2
    assert db.session.scalar(select(func.count()).select_from(CitizenSession)) == 2
    assert accounts.drop_old_codes_and_sessions() == (0, 0), "nothing is old yet"
    later(monkeypatch, 31 * 24 * 3600)  # past the session lifetime and ENDED_SESSION_DAYS
    assert accounts.drop_old_codes_and_sessions() == (2, 2)
    assert db.session.scalar(select(func.count()).select_from(CitizenAccount)) == 2, "the accounts are kept"
