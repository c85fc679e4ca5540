"""The archive clicked through in Chromium, the issue's "done when": the archivist imports a
batch of five scans (one corrupted, one duplicate), reviews and files them into a dossier of
this year's catalogue, finds one by an unaccented word that appears only in its OCR text,
closes the dossier, receives the transfer alert when the clock is moved forward, and the
dossier exports as PDF + XML. The OCR is real (`ocrmypdf -l vie`, run by the server's worker)."""
from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.archive_office import served_office
from tests.browser.test_incoming_flow import sign_in
from tests.helpers import sample_pdf
from tests.integration.archive.scans import DECISION, needs_ocr, scan_bytes

pytestmark = [pytest.mark.browser, needs_ocr]


class Office:
    def __init__(self, url: str, app: Any) -> None:
        self.url, self.app = url, app


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    with served_office(tmp_path_factory.mktemp("archive-live"), worker=True) as (url, app, _):
        yield Office(url, app)


def _batch(folder: Path) -> list[Path]:
    good = sample_pdf(number="51")
    files = {
        "01-quyet-dinh-125.pdf": scan_bytes(DECISION, kind="pdf", dpi=200, skew=0.5, noise=0.001),
        "02-cong-van-51.pdf": good,
        "03-bao-cao-52.pdf": sample_pdf(number="52"),
        "04-hong.pdf": b"%PDF-1.4\n%broken scan, cut off by the scanner",
        "05-cong-van-51-ban-sao.pdf": good,
    }
    paths = []
    for name, content in files.items():
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    return paths


def _wait_for_review(page: Page, base: str, filename: str, seconds: float = 180) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        page.goto(f"{base}/archive/imports")
        if page.get_by_role("heading", name=filename, exact=False).count():
            return
        time.sleep(2)
    raise AssertionError(f"{filename} never reached the review queue")


def test_import_review_file_find_close_alert_export(office: Office, page: Page, screenshot_dir, tmp_path):
    base = office.url
    sign_in(page, base, "luutru")
    page.goto(f"{base}/archive/dossiers")
    page.get_by_label("Hồ sơ trong danh mục").select_option(label=next(
        o for o in page.locator("#open-entry_id option").all_inner_texts() if "05.HCTC" in o))
    page.get_by_role("button", name="Mở hồ sơ").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đang mở")

    page.goto(f"{base}/archive/imports")
    page.get_by_label("Bản quét (PDF, TIFF, JPEG)").set_input_files([str(p) for p in _batch(tmp_path)])
    page.get_by_label("Tên lô").fill("Hồ sơ giấy năm 2019")
    page.get_by_role("button", name="Nhập lô").click()
    expect(page.get_by_test_id("batch-status")).to_contain_text("Đã gửi 5 tệp")
    results = page.get_by_test_id("batch-results")
    expect(results).to_contain_text("04-hong.pdf: Lỗi")
    expect(results).to_contain_text("05-cong-van-51-ban-sao.pdf: Trùng")
    page.screenshot(path=str(screenshot_dir / "archive-batch.png"), full_page=True)

    _wait_for_review(page, base, "01-quyet-dinh-125.pdf")
    for _ in range(3):
        card = page.locator("section.card").first
        card.get_by_role("button", name="Đưa vào hồ sơ").click()
        expect(page.locator(".flash-success")).to_contain_text("Đã đưa bản quét vào hồ sơ")
    expect(page.locator("body")).to_contain_text("Không có bản quét nào chờ kiểm tra")

    # The index is updated by the server's worker after the commit: search again until it has caught up.
    end = time.monotonic() + 90
    while True:
        page.goto(f"{base}/search?q=dam+thuy+trieu")
        hit = page.get_by_role("link", name="thành lập Hội đồng", exact=False)
        if hit.count() or time.monotonic() > end:
            break
        time.sleep(2)
    expect(hit.first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "archive-search.png"), full_page=True)

    page.goto(f"{base}/archive/dossiers?status=open")
    page.get_by_role("link", name="05.HCTC", exact=False).click()
    expect(page.get_by_test_id("documents").locator("tbody tr")).to_have_count(3)
    dossier_url = page.url
    page.get_by_role("button", name="Đóng hồ sơ").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã đóng")

    from eoffice.db import utcnow
    from eoffice.archive.dossiers import send_transfer_alerts

    with office.app.app_context():
        assert send_transfer_alerts(now=utcnow() + timedelta(days=340)) == 1  # the clock moved forward
    page.goto(f"{base}/notifications")
    expect(page.locator("body")).to_contain_text("phải nộp vào Lưu trữ cơ quan")

    pdf = page.request.get(f"{dossier_url}/export.pdf")
    xml = page.request.get(f"{dossier_url}/export.xml")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    assert xml.status == 200 and "<SoVanBan>125</SoVanBan>" in xml.text() and xml.text().count("<VanBan>") == 3
