"""The web app in a real browser: Playwright drives Debian's Chromium (`/usr/bin/chromium`, installed
by `make setup`) against a real `congvan serve` over the seeds and one hostile dispatch.

It searches without diacritics, opens 2458/UBND-NC, checks the highlights and their tooltips,
follows the Chỉ thị 19/CT-TTg citation to its lineage, waits for the graph to be drawn, clicks a
node, and saves screenshots under the test's tmp path (and /tmp/congvan-screens/ for people to
look at). A document whose text holds `<script>` shows it as text and runs nothing. Skipped, with
the reason, only when Chromium or Playwright is missing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium): `make setup` installs it as root",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'congvan[web]'")

from test_web import SCRIPT, TODAY, seeded_store, start_server, stop_server  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SCREENS = Path("/tmp/congvan-screens")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("browser")
    db, ids = seeded_store(folder)
    process, base, _log = start_server(db, "--today", TODAY)
    yield {"base": base, "ids": ids}
    stop_server(process)


@pytest.fixture(scope="module")
def browser(site):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records script errors, console errors (a CSP refusal is one) and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("console", lambda message: message.type == "error" and page.problems.append(f"console: {message.text}"))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.set_default_timeout(15_000)
    yield page
    context.close()


def save(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path))
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / name)
    return path


def test_search_open_highlights_lineage(site, page, tmp_path):
    base, document_id = site["base"], site["ids"]["2458/UBND-NC"]
    page.goto(base + "/")
    assert page.locator('.count[data-name="documents"] b').inner_text() == "6"

    # search without diacritics from the header's box
    page.fill("header .quick input[name=q]", "chi thi 19")
    page.press("header .quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=chi+thi+19")
    hit = page.locator(f'li.hit[data-id="{document_id}"]')
    assert "2458/UBND-NC" in hit.locator("a.title").inner_text()
    assert hit.locator(".snippet mark").inner_text().startswith("Chỉ thị số 19")

    # open the document: its text with every extraction marked
    hit.locator("a.title").click()
    page.wait_for_url(f"**/documents/{document_id}")
    assert page.locator("#doc-title").inner_text() == "Công văn 2458/UBND-NC"
    marks = page.locator("pre.congvan-text mark")
    assert marks.count() > 30
    kinds = set(page.eval_on_selector_all("pre.congvan-text mark", "ms => ms.map(m => m.dataset.kind.split('.')[0])"))
    assert kinds == {"header", "reference", "deadline"}
    code = page.locator('pre.congvan-text mark[data-kind="header.code"]')
    assert code.inner_text() == "2458/UBND-NC" and code.get_attribute("title") == "header.code: 2458/UBND-NC"
    directive = page.locator('pre.congvan-text mark[data-key="19CTTTG"]').first
    assert directive.inner_text().startswith("Chỉ thị số 19/CT-TTg")
    assert directive.get_attribute("title") == "reference.implements: 19CTTTG"
    assert directive.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    directive.scroll_into_view_if_needed()
    save(page, tmp_path, "document-2458.png")

    # the citation leads to the directive's lineage, drawn as a graph
    directive.click()
    page.wait_for_url("**/lineage?ref=19CTTTG")
    page.wait_for_selector('#graph[data-ready="1"]')
    assert int(page.get_attribute("#graph", "data-nodes")) == 4   # 19/CT-TTg; 2458/UBND-NC, /SNV-VP, 77/UBND-VP
    assert page.locator("#nodes").get_by_role("link", name="Công văn 2458/UBND-NC").count() == 1
    assert "Điện Biên" in page.locator("#coverage").inner_text()
    canvas = page.locator("#graph canvas").first
    assert canvas.bounding_box()["height"] > 300
    shot = save(page, tmp_path, "lineage-19-CT-TTg.png")
    assert shot.stat().st_size > 10_000

    # a node is a link: click 2458/UBND-NC where the graph drew it
    x, y = page.evaluate("""url => {
        const node = window.congvanGraph.nodes().filter(n => n.data('url') === url)[0];
        const box = document.getElementById('graph').getBoundingClientRect();
        const at = node.renderedPosition();
        return [box.left + at.x, box.top + at.y];
    }""", f"/documents/{document_id}")
    page.mouse.click(x, y)
    page.wait_for_url(f"**/documents/{document_id}")
    assert page.problems == []


def test_lineage_depth_control_redraws(site, page, tmp_path):
    page.goto(site["base"] + "/lineage?ref=2458/UBND-NC&direction=up&depth=1")
    page.wait_for_selector('#graph[data-ready="1"]')
    one = int(page.get_attribute("#graph", "data-nodes"))
    page.select_option("#lineage-form select[name=direction]", "both")
    page.select_option("#depth", "0")
    page.click("#lineage-form button[type=submit]")
    page.wait_for_url("**depth=0**")
    page.wait_for_selector('#graph[data-ready="1"]')
    assert int(page.get_attribute("#graph", "data-nodes")) >= one > 1
    save(page, tmp_path, "lineage-2458-all.png")
    assert page.problems == []


def test_script_in_a_document_is_shown_as_text(site, page, tmp_path):
    page.goto(site["base"] + f"/documents/{site['ids']['77/UBND-VP']}")
    assert SCRIPT in page.locator("pre.congvan-text").inner_text()
    assert SCRIPT in page.locator(".subject").first.inner_text()
    assert page.locator("script").count() == 0 and page.locator("pre.congvan-text img, pre.congvan-text b").count() == 0
    page.goto(site["base"] + "/search?q=alert")
    assert "<script>" in page.locator("li.hit .snippet").first.inner_text()
    page.goto(site["base"] + "/deadlines?month=2024-12")
    assert page.locator('td[data-day="2024-12-10"] a.entry').count() == 1
    save(page, tmp_path, "deadlines-2024-12.png")
    assert page.problems == []     # no alert ran, no script error
