"""An outgoing document from draft to the receivers, clicked through in Chromium.

A specialist drafts a công văn to Sở Tư pháp (in the system) and Bộ Xây dựng (outside), the
unit head, the office chief and the chairperson approve, the chairperson signs with a USB token
(a real SoftHSM2 PKCS#11 token) from the document page, the clerk issues it — the number is
written in and the agency's seal key signs — and then: Sở Tư pháp's clerk has it in the inbox,
Bộ Xây dựng's edXML package has left through the exchange, and poppler's pdfsig finds two valid
signatures in the issued PDF.
"""
from __future__ import annotations

import logging
from datetime import date
import socket
import tempfile
import threading
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.test_incoming_flow import sign_in
from tests.conftest import _build_app, _migrate
from tests.helpers import official_document_pdf
from tests.integration.signing.test_pdfsig_agrees import _nss_db, _pdfsig
from tests.unit.signing.certomancer_pki import ServedPki, served_pki
from tests.unit.signing.softhsm_token import SoftToken, make_token

pytestmark = pytest.mark.browser

SUBJECT = "V/v triển khai kế hoạch rà soát nhà ở xuống cấp năm 2027"
OUTSIDE = "Bộ Xây dựng | 000.00.00.G12"


class Office:
    def __init__(self, url: str, app, pki: ServedPki, token: SoftToken, outbox: Path) -> None:  # type: ignore[no-untyped-def]
        self.url, self.app, self.pki, self.token, self.outbox = url, app, pki, token, outbox


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """A live server whose seal key is the test PKI's agency certificate, with the PKCS#11
    module the leaders' tokens need, packages for other agencies written to a folder."""
    from waitress.server import create_server

    from eoffice.actor import Actor
    from eoffice.auth import service as accounts
    from eoffice.auth.roles import Role
    from eoffice.db import db
    from eoffice.org.models import Unit

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    pki = served_pki()
    token = make_token(pki, Path(tempfile.mkdtemp(prefix="eoffice-softhsm-")))
    data_dir = tmp_path_factory.mktemp("outgoing-live")
    seal = data_dir / "con-dau-ubnd.p12"
    seal.write_bytes(pki.pkcs12("agency", "khoa-con-dau"))
    outbox = data_dir / "exchange-out"
    url = f"sqlite:///{data_dir / 'eoffice.db'}"
    _migrate(url, data_dir)
    app = _build_app(url, data_dir, pkcs11_module=token.module, seal_p12_path=str(seal), seal_p12_password="khoa-con-dau",
                     exchange_folder=str(outbox))
    with app.app_context():
        from eoffice.demo import load_demo

        load_demo(with_documents=False)
        stp = db.session.scalar(select(Unit).where(Unit.short_name == "STP"))
        accounts.grant_role(Actor.operator("kiểm thử"), accounts.find_user("chuyenvienstp"), Role.CLERK, stp.id)
        db.session.commit()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    from eoffice.outbox.worker import start_in_thread

    stop_worker = start_in_thread(app)
    yield Office(f"http://127.0.0.1:{port}", app, pki, token, outbox)
    stop_worker.set()
    server.close()


def open_draft(page: Page, base: str) -> None:
    page.goto(f"{base}/outgoing/?tab=cho_toi")
    page.get_by_role("link", name=SUBJECT).first.click()
    expect(page.locator("h1")).to_have_text(SUBJECT)


def test_a_draft_is_approved_signed_with_a_token_issued_and_reaches_both_receivers(page: Page, office: Office, tmp_path, screenshot_dir) -> None:
    base = office.url
    draft = tmp_path / "du-thao.pdf"
    draft.write_bytes(official_document_pdf(
        agency_parent="UBND TỈNH KHÁNH HÒA", agency="VĂN PHÒNG", number="", notation="UBND-KT", place="Khánh Hòa",
        issued=date.today(), type_name="", subject=SUBJECT, body=["Ủy ban nhân dân tỉnh đề nghị các cơ quan phối hợp triển khai."],
        authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", signer="Đặng Quốc Hùng"))

    # 1. The specialist drafts and submits.
    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/outgoing/new")
    page.get_by_label("Tên loại văn bản").select_option("CV")
    page.get_by_label("Người ký").select_option(label="Đặng Quốc Hùng – Chủ tịch")
    page.get_by_label("Trích yếu nội dung").fill(SUBJECT)
    page.get_by_role("group", name="Nơi nhận trong hệ thống").get_by_label("Sở Tư pháp", exact=True).check()
    page.get_by_label("Nơi nhận bên ngoài").fill(OUTSIDE)
    page.get_by_label("Tệp dự thảo (PDF hoặc DOCX)").set_input_files(str(draft))
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator("h1")).to_have_text(SUBJECT)
    page.get_by_role("button", name="Trình duyệt").click()
    expect(page.locator(".flash-success").first).to_be_visible()

    # 2. Each step of the chain approves, in order.
    for approver in ("truongphong", "chanhvanphong", "chutich"):
        sign_in(page, base, approver)
        open_draft(page, base)
        page.get_by_role("button", name="Duyệt", exact=True).click()
        expect(page.locator("h1")).to_have_text(SUBJECT)

    # 3. The chairperson signs with the USB token, from the page.
    sign_in(page, base, "chutich")
    open_draft(page, base)
    signing = page.get_by_test_id("sign-here")
    signing.locator("summary").click()
    signing.get_by_label("USB token (PKCS#11)").check()
    signing.get_by_label("Tên token", exact=True).fill(office.token.label)
    signing.get_by_label("Nhãn khóa trên token (nếu khác tên token)").fill(office.token.key_label)
    signing.get_by_label("Mã PIN").fill("000000")
    signing.get_by_role("button", name="Ký số").click()
    expect(page.get_by_test_id("sign-here")).to_be_visible()
    expect(page.get_by_text("Mã PIN của thiết bị ký số (token) không đúng").first).to_be_visible()
    signing = page.get_by_test_id("sign-here")
    signing.get_by_label("USB token (PKCS#11)").check()
    signing.get_by_label("Tên token", exact=True).fill(office.token.label)
    signing.get_by_label("Nhãn khóa trên token (nếu khác tên token)").fill(office.token.key_label)
    signing.get_by_label("Mã PIN").fill(office.token.pin)
    signing.get_by_role("button", name="Ký số").click()
    expect(page.get_by_text("Đã ký số văn bản").first).to_be_visible()

    # 4. The clerk gives it its number and the agency's seal and sends it.
    sign_in(page, base, "vanthu")
    page.goto(f"{base}/outgoing/?tab=cho_toi")
    page.get_by_role("link", name=SUBJECT).first.click()
    page.get_by_role("button", name="Cấp số và phát hành").click()
    expect(page.get_by_text("Đã cấp số").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "outgoing-issued.png"), full_page=True)

    # 5. Sở Tư pháp's clerk has it waiting in the inbox of electronic documents.
    sign_in(page, base, "chuyenvienstp")
    page.goto(f"{base}/incoming/deliveries/")
    expect(page.get_by_test_id("deliveries").get_by_text(SUBJECT)).to_be_visible()

    # 6. Bộ Xây dựng's package went out through the exchange, and the issued PDF carries the
    #    leader's and the agency's signatures, valid in pdfsig.
    from eoffice.outgoing import issuance
    from eoffice.outgoing.models import OutgoingDocument
    from eoffice.db import db

    with office.app.app_context():
        doc = db.session.scalar(select(OutgoingDocument).where(OutgoingDocument.title == SUBJECT))
        assert doc.status == "issued" and doc.notation
        issued_pdf = tmp_path / "issued.pdf"
        issued_pdf.write_bytes(issuance.file_bytes(issuance.issued_file(doc)))
    expect_sent(office, "000.00.00.G12")
    theirs = _pdfsig(issued_pdf, _nss_db(tmp_path / "nss", office.pki.root_pem))
    assert len(theirs) == 2 and all(s["Signature Validation"] == "Signature is Valid." for s in theirs), theirs


def expect_sent(office: Office, organ_id: str) -> None:
    """The worker queues the package from the outbox and sends it every 10 s; wait (at most 90 s)."""
    import time

    from eoffice.db import db
    from eoffice.exchange.models import ExchangeMessage

    message = None
    for _ in range(90):
        with office.app.app_context():
            message = db.session.scalar(select(ExchangeMessage).where(ExchangeMessage.organ_id == organ_id,
                                                                     ExchangeMessage.kind == "document"))
            if message is not None and message.status == "sent":
                assert list(office.outbox.rglob("*.edxml")), "the package is in the exchange folder"
                return
        time.sleep(1)
    raise AssertionError(f"package not sent: {message and (message.status, message.last_error)}")
