"""The task board (issue 19) in a real browser: Playwright drives Debian's Chromium against a real
`congvan serve` over the archive of test_closure (a provincial request, answers from two of three
departments, a monthly report, a group of districts).

It opens /tasks on a pinned day, checks overdue comes first and every status is counted, filters
by unit, follows a task to its answer, switches to grouping by status, and saves a screenshot under
the test's tmp path and /tmp/congvan-screens/tasks-board.png for people to look at.
"""
from __future__ import annotations

import pytest

# test_browser skips this module without Chromium or Playwright; its `page` fixture runs on this module's `browser`
from test_browser import ARGS, CHROMIUM, page, save, sync_api  # noqa: F401
from test_closure import db  # noqa: F401 - the module's store, as a fixture
from test_web import start_server, stop_server

TODAY = "2025-04-05"   # Sở Tài chính met, Sở Nội vụ late, Sở Xây dựng overdue, the districts open


@pytest.fixture(scope="module")
def base(db):  # noqa: F811 - the fixture imported above
    process, url, _log = start_server(db, "--today", TODAY)
    yield url
    stop_server(process)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def test_task_board_by_unit_status_and_links(base, page, tmp_path):  # noqa: F811 - the fixture imported above
    page.goto(base + "/")
    page.get_by_role("link", name="Việc phải trả lời").click()
    page.wait_for_url("**/tasks")
    counts = {s: int(page.locator(f'#counts a[data-status="{s}"] b').inner_text())
              for s in ("overdue", "open", "late", "met")}
    assert counts == {"overdue": 2, "open": 3, "late": 1, "met": 2}
    # the unit with overdue tasks comes first, and its overdue task first within it
    first = page.locator("section.task-unit").first
    assert first.locator("tr.task").first.get_attribute("data-status") == "overdue"
    shot = save(page, tmp_path, "tasks-board.png")
    assert shot.stat().st_size > 10_000

    # one unit: Sở Nội vụ answered late; its answer is a link to the answering document
    page.fill("#task-form input[name=unit]", "So Noi vu")
    page.click("#task-form button[type=submit]")
    page.wait_for_url("**unit=So+Noi+vu**")
    rows = page.locator("tr.task")
    assert rows.count() == 1 and rows.first.get_attribute("data-status") == "late"
    assert page.locator("#unit-feed").get_attribute("href").startswith("/deadlines.ics?unit=")
    answer = rows.first.locator("a.answer")
    assert answer.inner_text() == "88/SNV-TCBC"
    assert "Thực hiện Công văn số 1234/UBND-KT" in answer.get_attribute("title")
    answer.click()
    page.wait_for_url("**/documents/*")
    assert page.locator("#doc-title").inner_text() == "Công văn 88/SNV-TCBC"

    # grouped by status: overdue first, each row linked to its request
    page.goto(base + "/tasks?group=status")
    names = page.locator("section.task-unit h2").all_inner_texts()
    assert names[0].startswith("Quá hạn") and names[-1].startswith("Đúng hạn")
    request = page.locator("section.task-unit").first.locator("a.request").first
    assert request.inner_text() == "1234/UBND-KT"
    request.click()
    page.wait_for_url("**/documents/*")
    assert page.locator("#doc-title").inner_text() == "Công văn 1234/UBND-KT"
    assert page.problems == []


def test_unit_feed_carries_statuses(base, page):  # noqa: F811 - the fixture imported above
    response = page.request.get(base + "/deadlines.ics?unit=S%E1%BB%9F%20X%C3%A2y%20d%E1%BB%B1ng&from=2025-01-01")
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    feed = response.text()
    assert feed.count("BEGIN:VEVENT") == 1 and "SUMMARY:[overdue] Sở Xây dựng" in feed
