"""A newcomer logs in as each demo role and sees that role's home page, in Vietnamese."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from eoffice.demo import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_login_page_lists_the_demo_accounts(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    table = page.get_by_test_id("demo-accounts")
    expect(table).to_contain_text("vanthu")
    expect(table).to_contain_text("Chủ tịch / Phó Chủ tịch")
    expect(table).to_contain_text(DEMO_PASSWORD)


@pytest.mark.parametrize("account", ACCOUNTS[:9], ids=lambda a: a.username)
def test_each_role_lands_on_its_own_home_page(page: Page, live_server: str, screenshot_dir, account) -> None:
    sign_in(page, live_server, account.username, DEMO_PASSWORD)
    expect(page.get_by_test_id("current-user")).to_contain_text(account.full_name)
    card = page.locator(f"section.card[data-role='{account.role.value}']")
    expect(card).to_contain_text(account.role.label)
    page.screenshot(path=str(screenshot_dir / f"home-{account.username}.png"), full_page=True)
    admin_link = page.locator("nav.mainnav").get_by_role("link", name="Nhật ký hệ thống")
    expect(admin_link).to_have_count(1 if account.username == "quantri" else 0)


def test_a_wrong_password_shows_a_vietnamese_error(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "vanthu", "sai-mat-khau-1")
    expect(page.get_by_test_id("login-error")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")


def test_the_layout_works_on_a_phone(browser, live_server: str, screenshot_dir) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, "chutich", DEMO_PASSWORD)
    expect(page.get_by_test_id("current-user")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(screenshot_dir / "home-chutich-phone.png"), full_page=True)
    context.close()


def test_the_admin_adds_a_unit_and_sees_it_in_the_tree(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "quantri", DEMO_PASSWORD)
    page.goto(f"{live_server}/admin/units/new")
    page.get_by_label("Tên đơn vị").fill("Sở Văn hóa, Thể thao và Du lịch")
    page.get_by_label("Tên viết tắt (dùng trong ký hiệu văn bản)").fill("SVHTTDL")
    page.get_by_label("Loại đơn vị").select_option("so")
    page.get_by_label("Đơn vị cấp trên").select_option(label="Ủy ban nhân dân tỉnh Khánh Hòa")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("unit-tree")).to_contain_text("Sở Văn hóa, Thể thao và Du lịch")
