"""What a new user sees, measured in Chromium: on a phone (390×844) nothing scrolls sideways and
lists are cards; link-styled buttons are readable; every page says where you are; the icon
loads; the document page shows its PDF beside the actions (below them on a phone); the
chairperson routes with the unit tree and a working-day preset, and the unit head gives the
part to two specialists at once."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from eoffice.calendar import add_working_days_to_date, national_calendar
from eoffice.calendar.timezone import now as vn_now
from eoffice.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The colour a text is drawn in and the first opaque background behind it.
COLOURS = """(el) => {
  let node = el, background = null;
  while (node && node.nodeType === 1) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0)')) { background = bg; break; }
    node = node.parentElement;
  }
  return [getComputedStyle(el).color, background || 'rgb(255, 255, 255)'];
}"""


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two computed CSS colours."""
    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+(?:\.\d+)?", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(page: Page, locator) -> None:  # type: ignore[no-untyped-def]
    foreground, background = locator.evaluate(COLOURS)
    assert foreground != background, f"{locator} is drawn in its background colour {background}"
    assert contrast(foreground, background) >= 4.5, f"{locator}: {foreground} on {background}"


def new_page(browser: Browser, base: str, viewport: dict[str, int], username: str) -> Page:
    """A signed-in page of its own size (each person in their own browser context)."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    return page


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide on a {page.viewport_size['width']}px screen"


def test_on_a_phone_no_page_scrolls_sideways_and_lists_are_cards(browser: Browser, live_server: str, screenshot_dir) -> None:
    page = new_page(browser, live_server, PHONE, "chutich")
    for path, title in (("/search?q=ke+hoach", "Tìm kiếm – eOffice"), ("/calendar", "Lịch làm việc năm"),
                        ("/incoming/?tab=tat_ca", "Văn bản đến: Tất cả văn bản – eOffice"), ("/notifications", "Thông báo – eOffice")):
        page.goto(live_server + path)
        no_sideways_scroll(page)
        assert title in page.title()
    page.goto(f"{live_server}/incoming/?tab=tat_ca")
    first = page.get_by_test_id("incoming-list").locator("tbody tr").first
    assert first.evaluate("tr => getComputedStyle(tr).display") == "flex", "each document is a card"
    assert page.get_by_test_id("incoming-list").locator("thead").evaluate("h => h.getBoundingClientRect().height") <= 1
    page.screenshot(path=str(screenshot_dir / "phone-incoming.png"), full_page=True)


def test_every_page_says_where_you_are_in_its_title(browser: Browser, live_server: str) -> None:
    page = new_page(browser, live_server, DESKTOP, "chanhvanphong")
    page.goto(f"{live_server}/incoming/?tab=tat_ca")
    assert page.title().endswith("– eOffice")
    for path in ("/", "/directory", "/search", "/notifications"):
        page.goto(live_server + path)
        assert re.search(r".+ – eOffice$", page.title()), f"{path}: {page.title()}"
    readable(page, page.get_by_role("button", name="Đăng xuất"))


def test_the_icon_is_served_and_linked(page: Page, live_server: str) -> None:
    assert page.request.get(f"{live_server}/favicon.ico").status == 200
    page.goto(f"{live_server}/login")
    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(live_server + href)
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")


def test_routing_with_the_tree_and_a_preset_then_two_specialists_at_once(browser: Browser, live_server: str, screenshot_dir) -> None:
    chair = new_page(browser, live_server, DESKTOP, "chutich")
    chair.goto(f"{live_server}/incoming/?tab=cho_chi_dao")
    chair.get_by_test_id("incoming-list").locator("tbody tr td.primary a").first.click()
    number = chair.get_by_test_id("arrival-number").inner_text().split(" ")[0]
    assert f"số đến {number}" in chair.title()

    # The PDF is beside the actions.
    viewer = chair.get_by_test_id("pdf-viewer")
    expect(viewer.locator("iframe")).to_be_visible()
    main_box, viewer_box = chair.locator(".doc-main").bounding_box(), viewer.bounding_box()
    assert viewer_box["x"] >= main_box["x"] + main_box["width"], "the viewer sits to the right of the actions"

    form = chair.get_by_test_id("route-form")
    form.get_by_label("Ý kiến chỉ đạo").fill("Giao Phòng Kinh tế chủ trì, Sở Tư pháp phối hợp.")
    form.get_by_label("Chủ trì: Phòng Kinh tế", exact=True).check()
    form.get_by_label("Phối hợp: Sở Tư pháp", exact=True).check()
    form.get_by_label("Để biết: Phòng Nội chính", exact=True).check()
    form.locator('[data-fill="route-lead_deadline"]', has_text="+5 ngày làm việc").click()
    due = add_working_days_to_date(vn_now().date(), 5, calendar=national_calendar())
    expect(form.get_by_label("Hạn của đơn vị chủ trì")).to_have_value(due.isoformat())
    chair.screenshot(path=str(screenshot_dir / "routing-tree.png"), full_page=True)
    form.get_by_role("button", name="Chuyển xử lý").click()
    expect(chair.get_by_test_id("doc-status")).to_have_text("Đang xử lý")
    assignments = chair.get_by_test_id("assignments")
    expect(assignments).to_contain_text("Phòng Nội chính")
    assert due.strftime("%d/%m/%Y") in assignments.locator("tr", has_text="Phòng Kinh tế").inner_text()
    readable(chair, assignments.get_by_role("button", name="Đôn đốc").first)
    readable(chair, assignments.get_by_role("button", name="Thu hồi").first)
    doc_url = chair.url

    # On a phone the viewer comes after the actions, with a link to open it full screen.
    phone = new_page(browser, live_server, PHONE, "chutich")
    phone.goto(doc_url)
    no_sideways_scroll(phone)
    expect(phone.get_by_test_id("pdf-fullscreen")).to_be_visible()
    assert phone.get_by_test_id("pdf-viewer").bounding_box()["y"] > phone.locator(".doc-main").bounding_box()["y"] + 200
    readable(phone, phone.get_by_test_id("assignments").get_by_role("button", name="Đôn đốc").first)
    phone.screenshot(path=str(screenshot_dir / "phone-document.png"), full_page=True)

    head = new_page(browser, live_server, DESKTOP, "truongphong")
    head.goto(doc_url)
    work = head.get_by_test_id("my-work-lead")
    work.get_by_label("Phạm Văn Đức – Chuyên viên").check()
    work.get_by_label("Nguyễn Thị Hồng Nhung – Trưởng phòng").check()
    work.get_by_label("Nội dung giao").fill("Cùng kiểm tra thực địa.")
    work.get_by_role("button", name="Phân công").click()
    expect(head.locator(".flash-success")).to_contain_text("Đã phân công xử lý.")
    for name in ("Phạm Văn Đức", "Nguyễn Thị Hồng Nhung"):  # one handler part each
        expect(head.get_by_test_id("assignments").locator("td.primary", has_text=name)).to_have_count(1)


def test_a_failed_return_keeps_the_page_and_says_why_beside_the_field(browser: Browser, live_server: str) -> None:
    head = new_page(browser, live_server, DESKTOP, "truongphong")
    # A demo document routed to the unit and left there (no other browser test acts on it): the
    # queue's first row depends on what the tests before this one did to their own documents.
    head.goto(f"{live_server}/incoming/?tab=can_xu_ly&q=du toan ngan sach dia phuong 10 thang")
    head.get_by_test_id("incoming-list").get_by_role("link", name=re.compile("dự toán ngân sách địa phương 10 tháng")).click()
    head.wait_for_url(re.compile(r"/incoming/\d+$"))
    head.wait_for_load_state()  # the confirm script has run before the button is pressed
    form = head.locator("[data-testid^=my-work-] form", has=head.get_by_role("button", name="Trả lại")).first
    head.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="Trả lại").click()
    head.wait_for_load_state()
    expect(head.locator(".flash-error")).to_contain_text("Hãy ghi rõ lý do trả lại")
    reason = head.get_by_label("Lý do trả lại (bắt buộc)").and_(head.locator("[aria-invalid=true]"))
    expect(reason).to_have_count(1)


def test_the_units_and_a_users_page_show_their_link_buttons(browser: Browser, live_server: str) -> None:
    page = new_page(browser, live_server, PHONE, "quantri")
    page.goto(f"{live_server}/admin/units")
    no_sideways_scroll(page)
    readable(page, page.get_by_role("button", name="Ngừng hoạt động").first)
    page.goto(f"{live_server}/admin/users")
    no_sideways_scroll(page)
    page.get_by_role("link", name="Phạm Văn Đức").click()
    readable(page, page.get_by_role("button", name="Bỏ").first)
