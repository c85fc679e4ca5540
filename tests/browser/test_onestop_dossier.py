"""A one-stop dossier clicked through in Chromium: the desk officer receives a marriage
registration at the desk and prints the receipt with its QR, the commune's civil-status officer
processes it, the desk sends the apology letter with a new date because it will be late, the
chairperson signs, the desk issues the result signed with the agency's key and returns it — and
the citizen, on a phone-sized screen and without an account, opens the receipt's lookup link,
reads the status, downloads the signed result the validation calls valid, and rates the
service. Then the desk's touch kiosk at 1080×1920: the keypad, a scanned QR, the big rating
tiles, the procedures, and the return to the start screen when left alone."""
from __future__ import annotations

import re
import shutil
import socket
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from eoffice.calendar import national_calendar
from eoffice.calendar.timezone import now
from tests.browser.test_incoming_flow import sign_in
from tests.conftest import _build_app, _migrate
from tests.helpers import sample_pdf

pytestmark = pytest.mark.browser


class Desk:
    def __init__(self, url: str, app: Any) -> None:
        self.url, self.app = url, app


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    yield from serve_desk(tmp_path_factory)


def serve_desk(tmp_path_factory: pytest.TempPathFactory, **settings: Any) -> Iterator[Desk]:
    """A live server whose agency seal key is the test PKI's agency certificate (a PKCS#12
    file), that PKI's root trusted by the validation, with the background worker running;
    `settings` adds to the app's (e.g. the SMTP server the notices go to)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from waitress.server import create_server

    from eoffice import current_settings
    from tests.unit.documents.pdf_factory import test_pki

    pki = test_pki()
    data_dir = tmp_path_factory.mktemp("onestop-live")
    seal = data_dir / "con-dau.p12"
    seal.write_bytes(pkcs12.serialize_key_and_certificates(
        b"seal", serialization.load_pem_private_key(pki.seal_key.read_bytes(), password=None),  # type: ignore[arg-type]
        x509.load_pem_x509_certificate(pki.seal_cert.read_bytes()),
        [x509.load_pem_x509_certificate(pki.root_cert.read_bytes())], serialization.BestAvailableEncryption(b"con-dau")))
    url = f"sqlite:///{data_dir / 'eoffice.db'}"
    _migrate(url, data_dir)
    app = _build_app(url, data_dir, seal_p12_path=str(seal), seal_p12_password="con-dau", **settings)
    with app.app_context():
        from eoffice.demo import load_demo

        load_demo(with_documents=False)
        roots = current_settings().trust_roots_path
        roots.mkdir(parents=True, exist_ok=True)
        shutil.copy(pki.root_cert, roots / "test-root.pem")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    from eoffice.outbox.worker import start_in_thread

    stop_worker = start_in_thread(app)
    yield Desk(f"http://127.0.0.1:{port}", app)
    stop_worker.set()
    server.close()


def reload_until(page: Page, test_id: str, attempts: int = 40) -> None:
    """The signature check runs in the background worker: reload until its verdict shows."""
    for _ in range(attempts):
        if page.get_by_test_id(test_id).count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(page.get_by_test_id(test_id)).to_be_visible()


def open_dossier(page: Page, base: str, code: str) -> None:
    page.goto(f"{base}/onestop/?tab=cho_toi")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {code}")).to_be_visible()


def sign_and_return(page: Page, result: Path) -> None:
    """On the resolved dossier's page, the desk issues `result` signed with the agency's key
    and returns it to the citizen."""
    result.write_bytes(sample_pdf())
    page.get_by_label(re.compile("Tệp PDF kết quả")).set_input_files(str(result))
    page.get_by_role("button", name="Ký số và phát hành kết quả").click()
    expect(page.get_by_text(f"Đã ký số và phát hành kết quả {result.name}.")).to_be_visible()
    page.get_by_role("button", name="Trả kết quả cho công dân").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã trả kết quả")


def test_a_dossier_from_the_desk_to_the_citizens_rating(page: Page, desk_server: Desk, browser: Browser, tmp_path: Path):
    base = desk_server.url
    sign_in(page, base, "motcua")
    page.goto(f"{base}/onestop/new")
    page.get_by_label("Thủ tục hành chính").select_option(label="1.000894 – Thủ tục đăng ký kết hôn (5 ngày làm việc)")
    page.get_by_role("button", name="Chọn thủ tục").click()
    page.get_by_label("Họ tên người nộp").fill("Trương Thị Hoa")
    page.get_by_label("Số điện thoại").fill("0988 765 432")
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    expect(page.locator(".field-error, .error").first).to_contain_text("Tờ khai đăng ký kết hôn theo mẫu")
    expect(page.get_by_label("Họ tên người nộp")).to_have_value("Trương Thị Hoa")  # nothing typed is lost
    page.get_by_label(re.compile("Tờ khai đăng ký kết hôn theo mẫu")).check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    code = page.get_by_test_id("receipt-code").inner_text()
    secret = page.get_by_test_id("receipt-secret").inner_text()
    expect(page.get_by_test_id("receipt-qr")).to_be_visible()
    assert re.fullmatch(r"H34\.01\.01-\d{6}-\d{4}", code)

    sign_in(page, base, "tuphapnt")
    open_dossier(page, base, code)
    page.get_by_label("Kết quả xử lý").fill("Đủ điều kiện đăng ký kết hôn")
    page.get_by_role("button", name="Hoàn thành và chuyển bước tiếp theo").click()
    expect(page.get_by_text("Đã chuyển bước tiếp theo.")).to_be_visible()

    # It will be late: the desk apologises with a new date, once.
    cal = national_calendar()
    new_day = cal.next_working_day(now().date() + timedelta(days=21), include_self=True)
    sign_in(page, base, "motcua")
    page.goto(f"{base}/onestop/?tab=dang_giai_quyet")
    page.get_by_role("link", name=code).click()
    page.get_by_label("Ngày giờ hẹn trả mới").fill(f"{new_day:%Y-%m-%d}T09:00")
    page.get_by_label("Lý do chậm").fill("Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây")
    page.get_by_role("button", name="Gửi phiếu xin lỗi và hẹn lại").click()
    expect(page.get_by_test_id("dossier-due")).to_contain_text(f"{new_day:%d/%m/%Y}")
    page.get_by_label("Ngày giờ hẹn trả mới").fill(f"{new_day + timedelta(days=7):%Y-%m-%d}T09:00")
    page.get_by_label("Lý do chậm").fill("Lần hai")
    page.get_by_role("button", name="Gửi phiếu xin lỗi và hẹn lại").click()
    expect(page.get_by_text(re.compile("chỉ được hẹn lại một lần"))).to_be_visible()
    # The apology slip (form 04) is offered now, with both dates.
    page.goto(f"{base}/onestop/?tab=dang_giai_quyet")
    page.get_by_role("link", name=code).click()
    page.get_by_test_id("slip-04").click()
    expect(page.get_by_test_id("slip-title")).to_have_text("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    expect(page.get_by_text(re.compile(f"{new_day:%d/%m/%Y}"))).to_be_visible()

    sign_in(page, base, "chutichnt")
    open_dossier(page, base, code)
    page.get_by_role("button", name="Hoàn thành và chuyển bước tiếp theo").click()
    sign_in(page, base, "motcua")
    open_dossier(page, base, code)
    sign_and_return(page, tmp_path / "giay-chung-nhan-ket-hon.pdf")
    rows = page.get_by_test_id("control-sheet").locator("tbody tr")
    expect(rows).to_have_count(4)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    citizen = phone.new_page()
    citizen.goto(f"{base}/tra-cuu?ma={code}&xn={secret}")  # what the receipt's QR opens
    expect(citizen.get_by_test_id("lookup-status")).to_have_text("Đã trả kết quả")
    expect(citizen.get_by_text("Xin lỗi và hẹn lại ngày trả")).to_be_visible()
    reload_until(citizen, "lookup-result-valid")
    expect(citizen.get_by_test_id("lookup-result-valid")).to_contain_text("Toàn vẹn, hợp lệ")
    href = citizen.get_by_role("link", name="Tải kết quả điện tử (PDF có chữ ký số)").get_attribute("href")
    signed = citizen.request.get(f"{base}{href}")
    assert signed.ok and signed.body().startswith(b"%PDF-") and b"/ByteRange" in signed.body()
    form = citizen.get_by_test_id("rating-form")
    for fieldset in form.locator("fieldset").all():
        fieldset.get_by_label("Rất hài lòng").check()
    form.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_text("Cảm ơn ông/bà đã đánh giá.")).to_be_visible()
    phone.close()


def _returned_dossier(app: Any) -> tuple[str, str]:
    """A marriage registration received, processed and returned (through the services)."""
    from eoffice.onestop import intake, processing
    from eoffice.onestop.schemas import DossierIn, StepDoneIn
    from tests.integration.documents.conftest import actor
    from tests.integration.onestop.conftest import procedure

    with app.app_context():
        proc = procedure("1.000894")
        dossier = intake.receive(actor("motcua"), DossierIn(
            procedure_id=proc.id, channel="desk", applicant_name="Lê Văn Kiốt", applicant_phone="0912 000 777",
            provided=[i for i, c in enumerate(proc.components) if c.get("required", True)]))
        for who in ("tuphapnt", "chutichnt"):
            processing.complete_step(actor(who), dossier, StepDoneIn())
        processing.return_result(actor("motcua"), dossier)
        return dossier.code, dossier.lookup_secret


def _tap_keys(page: Page, text: str) -> None:
    keypad_letters = page.locator(".letters")
    for char in text:
        if char.isalpha():
            if keypad_letters.is_hidden():
                page.get_by_role("button", name="ABC").tap()
            keypad_letters.get_by_role("button", name=char, exact=True).tap()
        else:
            page.get_by_test_id("kiosk-keypad").get_by_role("button", name=char, exact=True).tap()


def test_the_desk_kiosk_at_1080x1920_by_touch_alone(browser: Browser, desk_server: Desk, screenshot_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch):
    from eoffice.onestop import kiosk

    base = desk_server.url
    code, secret = _returned_dossier(desk_server.app)
    monkeypatch.setattr(kiosk, "IDLE_SECONDS", 4)  # the server runs in this process
    monkeypatch.setattr(kiosk, "THANKS_SECONDS", 2)
    screen = browser.new_context(viewport={"width": 1080, "height": 1920}, has_touch=True, is_mobile=False)
    page = screen.new_page()
    page.goto(f"{base}/kiosk")
    menu = page.get_by_test_id("kiosk-menu")
    for name in ("kiosk-lookup", "kiosk-rate", "kiosk-procedures"):
        box = page.get_by_test_id(name).bounding_box()
        assert box is not None and box["height"] >= 200 and box["width"] >= 900, (name, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1080, "nothing wider than the screen"
    page.screenshot(path=str(screenshot_dir / "onestop-kiosk-home.png"))

    # Look up by touch: the code and the secret typed on the on-screen keypad.
    menu.get_by_test_id("kiosk-lookup").tap()
    page.get_by_label("Mã hồ sơ (hoặc quét mã QR)").tap()
    _tap_keys(page, code)
    expect(page.get_by_label("Mã hồ sơ (hoặc quét mã QR)")).to_have_value(code)
    page.get_by_label(re.compile("Mã tra cứu trên giấy hẹn")).tap()
    _tap_keys(page, secret)
    page.get_by_test_id("kiosk-submit").tap()
    expect(page.get_by_test_id("kiosk-status")).to_have_text("Đã trả kết quả")
    assert secret not in page.url and "Lê Văn" not in page.content()
    page.screenshot(path=str(screenshot_dir / "onestop-kiosk-status.png"))
    # Left alone, it goes back to the start screen.
    page.wait_for_url(f"{base}/kiosk", timeout=15000)
    expect(page.get_by_test_id("kiosk-menu")).to_be_visible()

    # Rate after receiving the result: the receipt's QR through the kiosk's scanner (it types
    # the lookup address and Enter), then one big tile per criterion.
    page.get_by_test_id("kiosk-rate").tap()
    page.get_by_label("Mã hồ sơ (hoặc quét mã QR)").focus()
    page.keyboard.type(f"{base}/tra-cuu?ma={code}&xn={secret}")
    page.keyboard.press("Enter")
    page.get_by_test_id("kiosk-start-rating").tap()
    form = page.get_by_test_id("kiosk-rating-form")
    for criterion in ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "thoi_gian"):
        page.locator(f"label.tile:has([data-testid='kiosk-{criterion}-rat_hai_long'])").tap()
    page.screenshot(path=str(screenshot_dir / "onestop-kiosk-rating.png"))
    form.get_by_test_id("kiosk-send-rating").tap()
    expect(page.get_by_test_id("kiosk-thanks")).to_be_visible()
    page.wait_for_url(f"{base}/kiosk", timeout=15000)

    # Browse the procedures: a touch opens one.
    page.get_by_test_id("kiosk-procedures").tap()
    tile = page.get_by_test_id("kiosk-procedure").filter(has_text="Thủ tục đăng ký kết hôn")
    tile.locator("summary").tap()
    expect(tile.get_by_text("Cần mang theo:")).to_be_visible()
    screen.close()
    with desk_server.app.app_context():
        from eoffice.db import db
        from eoffice.onestop.models import Dossier, DossierRating

        dossier_id = db.session.query(Dossier.id).filter_by(code=code).scalar()
        ratings = db.session.query(DossierRating).filter_by(dossier_id=dossier_id).all()
        assert len(ratings) == 5 and {(r.channel, r.value) for r in ratings} == {("kiosk", "rat_hai_long")}
