"""Kiosk mode at the desk: a public start screen with three big buttons, the lookup posted
from the on-screen keypad or the receipt's scanned QR (the secret never in the address), the
rating with big tiles after the result, the procedures to browse — every page but the start
screen going back to it when idle — on both databases."""
from __future__ import annotations

import re

from eoffice.db import db
from eoffice.onestop import kiosk, processing
from eoffice.onestop.models import DossierRating
from eoffice.onestop.schemas import StepDoneIn
from tests.helpers import csrf_token, html_problems
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import receive

CRITERIA = ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "thoi_gian")


def _returned():  # type: ignore[no-untyped-def]
    dossier = receive()
    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn())
    processing.return_result(actor("motcua"), dossier)
    return dossier


def test_the_start_screen_needs_no_login_and_offers_the_three_big_buttons(desk, app):
    client = app.test_client()
    page = client.get("/kiosk")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == []
    assert all(f'data-testid="kiosk-{name}"' in html for name in ("lookup", "rate", "procedures"))
    assert 'data-idle="0"' in html, "the start screen itself does not reset"
    for url in ("/kiosk/tra-cuu", "/kiosk/thu-tuc"):
        other = client.get(url).get_data(as_text=True)
        assert f'data-idle="{kiosk.IDLE_SECONDS}"' in other and 'http-equiv="refresh"' in other and html_problems(other) == []
    procedures = client.get("/kiosk/thu-tuc").get_data(as_text=True)
    assert procedures.count('data-testid="kiosk-procedure"') >= 4 and "Thủ tục đăng ký kết hôn" in procedures


def test_a_scanned_receipt_qr_or_the_keypad_opens_the_status_without_the_secret_in_the_address(desk, app):
    dossier = receive()
    client = app.test_client()
    token = csrf_token(client, "/kiosk/tra-cuu")
    scanned = f"http://motcua.example.vn/tra-cuu?ma={dossier.code}&xn={dossier.lookup_secret}"
    page = client.post("/kiosk/tra-cuu", data={"csrf_token": token, "ma": scanned, "xn": ""})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == []
    assert re.search(r'data-testid="kiosk-status">Đang xử lý<', html) and dossier.code in html
    assert "Nguyễn Văn An" not in html and "0905" not in html, "nothing personal on a shared screen"
    typed = client.post("/kiosk/tra-cuu", data={"csrf_token": token, "ma": dossier.code.lower(), "xn": "3456"})
    assert typed.status_code == 200
    wrong = client.post("/kiosk/tra-cuu", data={"csrf_token": token, "ma": dossier.code, "xn": "0000"})
    assert wrong.status_code == 404 and 'data-testid="kiosk-error"' in wrong.get_data(as_text=True)
    assert dossier.code in wrong.get_data(as_text=True), "the code typed stays; the secret does not"
    empty = client.post("/kiosk/tra-cuu", data={"csrf_token": token, "ma": "", "xn": ""})
    assert empty.status_code == 400 and "quét mã QR" in empty.get_data(as_text=True)


def test_the_citizen_rates_at_the_kiosk_once_after_the_result(desk, app):
    dossier = _returned()
    client = app.test_client()
    token = csrf_token(client, "/kiosk/tra-cuu?muc=danh-gia")
    status = client.post("/kiosk/tra-cuu", data={"csrf_token": token, "ma": dossier.code, "xn": "3456", "muc": "danh-gia"})
    assert 'data-testid="kiosk-start-rating"' in status.get_data(as_text=True)
    form = client.post("/kiosk/danh-gia", data={"csrf_token": token, "ma": dossier.code, "xn": "3456"})
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and html.count('type="radio"') == 15 and html_problems(html) == []
    partial = client.post("/kiosk/danh-gia", data={"csrf_token": token, "ma": dossier.code, "xn": "3456", "gui": "1",
                                                   "tiep_can": "rat_hai_long"})
    assert partial.status_code == 400 and "Hãy chọn mức đánh giá cho" in partial.get_data(as_text=True)
    assert 'value="rat_hai_long" checked' in partial.get_data(as_text=True), "the tile touched stays chosen"
    sent = client.post("/kiosk/danh-gia", data={"csrf_token": token, "ma": dossier.code, "xn": "3456", "gui": "1",
                                                **{key: "hai_long" for key in CRITERIA}})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/kiosk/cam-on")
    thanks = client.get("/kiosk/cam-on").get_data(as_text=True)
    assert 'data-testid="kiosk-thanks"' in thanks and f'data-idle="{kiosk.THANKS_SECONDS}"' in thanks
    db.session.expire_all()
    channels = {r.channel for r in db.session.query(DossierRating).filter_by(dossier_id=dossier.id)}
    assert channels == {"kiosk"}
    again = client.post("/kiosk/danh-gia", data={"csrf_token": token, "ma": dossier.code, "xn": "3456"})
    assert again.status_code == 400 and "đã được đánh giá" in again.get_data(as_text=True)


def test_a_dossier_not_yet_returned_cannot_be_rated_at_the_kiosk(desk, app):
    dossier = receive()
    client = app.test_client()
    token = csrf_token(client, "/kiosk/tra-cuu")
    early = client.post("/kiosk/danh-gia", data={"csrf_token": token, "ma": dossier.code, "xn": "3456", "gui": "1",
                                                 **{key: "hai_long" for key in CRITERIA}})
    assert early.status_code == 400 and "sau khi ông/bà đã nhận kết quả" in early.get_data(as_text=True)
    assert db.session.query(DossierRating).count() == 0


def test_the_scanned_text_is_read_as_the_qr_gives_it():
    assert kiosk.scanned("https://x.vn/tra-cuu?ma=H34.01.01-261203-0001&xn=123456", "") == ("H34.01.01-261203-0001", "123456")
    assert kiosk.scanned(" h34.01.01-261203-0001 ", " 3456 ") == ("H34.01.01-261203-0001", "3456")
