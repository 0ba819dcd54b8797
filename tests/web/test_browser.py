"""The dashboard in a real browser: Playwright driving Debian's Chromium (``apt-get install
chromium``) against ``marsad serve`` on the samples. Skips where Chromium is absent unless
MARSAD_REQUIRE_BROWSER=1 (CI). Screenshots go to tests/artifacts/screenshots/ (not committed)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import XSS_ID, XSS_TITLE

CHROMIUM = Path(os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _need_browser() -> None:
    if not CHROMIUM.exists():
        msg = f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("MARSAD_REQUIRE_BROWSER") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    pytest.importorskip("playwright")


@pytest.fixture(scope="module")
def server(web_db) -> Iterator[str]:
    _need_browser()
    import uvicorn

    from marsad.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(300):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_home_and_timeline(page, server) -> None:
    page.goto(server + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("svg.chart rect").count() > 0
    shot(page, "home")
    page.click("#lang-toggle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(server + "/timeline?interval=month&lang=ar")
    assert page.locator("svg.chart rect[data-period]").count() > 0
    shot(page, "timeline")
    assert page.errors == []


def test_network_node_opens_its_dossier(page, server) -> None:
    page.goto(server + "/network")
    node = page.locator('svg#network a.node[data-code="JOR"]')
    assert node.count() == 1
    shot(page, "network")
    node.locator("circle").click()
    page.wait_for_url("**/countries/JOR")
    assert "JOR" in page.inner_text("#dossier-title")
    assert page.locator("#partners tbody tr").count() >= 1
    shot(page, "dossier-JOR")
    assert page.errors == []


def test_actor_type_nodes_look_unlike_states(page, server) -> None:
    """A party of no known state (an actor type such as UAF) is drawn as its own kind."""
    page.goto(server + "/network")
    state = page.locator('svg#network circle.state').first
    kind = page.locator('svg#network circle.type').first
    assert kind.count() == 1
    style = "el => [getComputedStyle(el).fill, getComputedStyle(el).strokeDasharray]"
    assert state.evaluate(style) != kind.evaluate(style)
    assert page.errors == []


def test_document_shows_highlighted_evidence(page, server) -> None:
    page.goto(server + "/documents/atlas_morocco_senegal_mou")
    triggers = page.locator("span.hl.k-trigger")
    assert triggers.count() >= 1
    assert page.locator("span.hl.k-evidence").count() >= 1
    triggers.first.hover()
    panel = page.inner_text("#panel-body")
    assert "code" in panel and "modality" in panel and "date_basis" in panel
    assert page.locator("#removed tbody tr").count() >= 1
    shot(page, "document")
    assert page.errors == []


def test_map_draws_event_points(page, server) -> None:
    page.goto(server + "/map")
    assert page.locator("svg#map circle.point").count() >= 3
    shot(page, "map")
    assert page.errors == []


def test_event_and_story_pages(page, server) -> None:
    page.goto(server + "/events?min_articles=2")
    page.locator("table.events tbody a").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("article.mention").count() >= 2
    assert page.locator("mark.trigger").count() >= 2
    shot(page, "event")
    page.goto(server + "/stories")
    page.locator("ol.docs a").first.click()
    assert page.locator("article.version").count() >= 2
    shot(page, "story")


def test_script_payloads_render_as_text_and_run_nothing(page, server) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in (f"/documents/{XSS_ID}", "/documents", "/documents?q=السفير", f"/events?doc_id={XSS_ID}", "/"):
        page.goto(server + url)
        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert page.locator("img[src='x']").count() == 0, url
    page.goto(server + f"/documents/{XSS_ID}")
    assert page.inner_text("#doc-title") == XSS_TITLE
    assert "<script>window.__xss = 3</script>" in page.inner_text("#body")
    for span in page.locator("span.hl").all()[:5]:
        span.hover()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == [] and page.errors == []
    shot(page, "xss-document")
