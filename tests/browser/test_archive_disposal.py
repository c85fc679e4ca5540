"""Disposal clicked through in Chromium: a dossier whose retention has ended appears on the
archivist's "Lập danh sách hủy" page; the list is drawn up and sent to the chair, who approves
it; the archivist executes it, the dossier shows as destroyed and the destruction record opens
as a PDF. The permanent dossier closed beside it is never offered."""
from __future__ import annotations

import io
from datetime import timedelta
from typing import Any, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.archive_office import served_office
from tests.browser.test_incoming_flow import sign_in
from tests.helpers import sample_pdf

pytestmark = [pytest.mark.browser]


class Office:
    def __init__(self, url: str, app: Any, codes: dict[str, str]) -> None:
        self.url, self.app, self.codes = url, app, codes


def _closed_long_ago(code: str, years: int) -> str:
    from eoffice.archive import dossiers
    from eoffice.archive.schemas import DocumentMetaIn
    from eoffice.db import utcnow
    from tests.integration.archive.conftest import open_dossier
    from tests.integration.documents.conftest import actor

    dossier = open_dossier("luutru", code)
    dossiers.file_upload(actor("luutru"), dossier, dossiers.Upload(io.BytesIO(sample_pdf(number=code[:2])), "bc.pdf"),
                         DocumentMetaIn(subject=f"Báo cáo của hồ sơ {code}"))
    clock = dossiers.utcnow
    dossiers.utcnow = lambda: utcnow() - timedelta(days=366 * years)  # type: ignore[assignment]
    try:
        dossiers.close(actor("luutru"), dossier)
    finally:
        dossiers.utcnow = clock  # type: ignore[assignment]
    return dossier.code


def _two_closed_long_ago() -> dict[str, str]:
    return {"expired": _closed_long_ago("04.NC", 12), "permanent": _closed_long_ago("05.HCTC", 12)}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    with served_office(tmp_path_factory.mktemp("disposal-live"), _two_closed_long_ago) as (url, app, codes):
        yield Office(url, app, codes)


def test_the_archivist_proposes_the_chair_approves_and_the_archivist_destroys_with_a_record(page: Page, office: Office):
    base, expired, permanent = office.url, office.codes["expired"], office.codes["permanent"]
    sign_in(page, base, "luutru")
    page.get_by_role("link", name="Hủy tài liệu hết giá trị").first.click()
    due = page.get_by_test_id("due")
    expect(due).to_contain_text(expired)
    expect(due).not_to_contain_text(permanent)
    page.get_by_label("Tên danh sách (để trống: theo ngày lập)").fill("Danh sách hủy hồ sơ khiếu nại hết hạn")
    page.get_by_role("button", name="Lập danh sách hủy và trình phê duyệt").click()
    expect(page.get_by_test_id("disposal-status")).to_have_text("Chờ phê duyệt")
    list_url = page.url

    sign_in(page, base, "chutich")
    page.goto(list_url)
    page.get_by_role("button", name="Phê duyệt hủy").click()
    expect(page.get_by_test_id("disposal-status")).to_have_text("Đã phê duyệt")

    sign_in(page, base, "luutru")
    page.goto(list_url)
    page.get_by_role("button", name="Thực hiện hủy và lập biên bản").click()
    expect(page.get_by_test_id("disposal-status")).to_have_text("Đã hủy")
    expect(page.get_by_test_id("disposal-summary")).to_contain_text("1 hồ sơ, 1 văn bản; 1 tệp đã xóa khỏi kho")
    record = page.request.get(base + (page.get_by_test_id("destruction-record").get_attribute("href") or ""))
    assert record.ok and record.body().startswith(b"%PDF-")
    page.get_by_role("link", name=expired).click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã hủy")
    expect(page.get_by_test_id("destroyed")).to_contain_text("các tệp đã bị xóa")
