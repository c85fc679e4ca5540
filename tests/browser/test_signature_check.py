"""A clerk uploads a decree carrying six signatures (the signer, then the agency seal five times)
and watches the signature report fill in on the registration form, without reloading: the upload
answers at once with "Đang kiểm tra chữ ký…", the worker checks the file, the page's poll puts
the report in place. The administrator first adds the issuing CA on /admin/trust."""
from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_incoming_flow import sign_in
from tests.conftest import _build_app, _migrate
from tests.unit.documents.pdf_factory import test_pki
from tests.unit.signing.decree_factory import six_signature_decree

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_without_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """A live server whose worker the test starts itself, so the page is seen before the check."""
    from waitress.server import create_server

    data_dir = tmp_path_factory.mktemp("live-signatures")
    url = f"sqlite:///{data_dir / 'eoffice.db'}"
    _migrate(url, data_dir)
    app = _build_app(url, data_dir)
    with app.app_context():
        from eoffice.demo import load_demo

        load_demo(with_documents=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}", app
    server.close()


def test_the_six_signature_report_fills_in_on_the_registration_form(page: Page, server_without_worker, tmp_path: Path,
                                                                    screenshot_dir: Path) -> None:
    from eoffice.outbox.worker import heartbeat_path, start_in_thread

    base, app = server_without_worker
    pki = test_pki()
    decree = tmp_path / "quyet-dinh-6-chu-ky.pdf"
    decree.write_bytes(six_signature_decree(pki))

    sign_in(page, base, "quantri")
    page.goto(f"{base}/admin/trust/")
    page.locator("#certificate").set_input_files(str(pki.root_cert))
    page.get_by_role("button", name="Thêm vào danh sách tin cậy").click()
    expect(page.get_by_text(re.compile("Đã thêm vào danh sách tin cậy"))).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "trust-admin.png"), full_page=True)

    heartbeat_path(app).touch()  # a worker is "alive" but not started yet: the page must wait for it
    sign_in(page, base, "vanthu")
    page.goto(f"{base}/incoming/new")
    page.locator("#main-file").set_input_files(str(decree))
    started = time.perf_counter()
    page.get_by_role("button", name="Tải lên và đọc thông tin").click()
    expect(page.get_by_test_id("signature-pending")).to_contain_text("Đang kiểm tra chữ ký…")
    upload_seconds = time.perf_counter() - started
    assert re.search(r"/incoming/new/[\w-]+", page.url)
    page.evaluate("window.__sameDocument = true")  # gone if the page reloaded
    page.screenshot(path=str(screenshot_dir / "signature-check-pending.png"), full_page=True)

    stop = start_in_thread(app)
    try:
        verdicts = page.get_by_test_id("signature-verdict")
        expect(verdicts).to_have_count(6, timeout=90_000)
        filled_seconds = time.perf_counter() - started
        for index in range(6):
            expect(verdicts.nth(index)).to_have_text("Toàn vẹn, hợp lệ")
        expect(page.get_by_test_id("signature-check")).to_contain_text(pki.person_name)
        expect(page.get_by_test_id("signature-check")).to_contain_text("Sau khi ký chỉ thêm chữ ký số hoặc chú thích (bình thường)")
        expect(page.get_by_test_id("signature-pending")).to_have_count(0)
        assert page.evaluate("window.__sameDocument === true"), "the report came in without a reload"
        page.screenshot(path=str(screenshot_dir / "signature-check-done.png"), full_page=True)
    finally:
        stop.set()
    print(f"\nupload to form {upload_seconds:.2f} s; report filled in {filled_seconds:.2f} s after the click")
