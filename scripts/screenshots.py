"""Screenshots of the dashboard for the README (docs/dashboard-*.png).

    make demo && .venv/bin/python scripts/screenshots.py [--db marsad-demo.db] [--out docs]

Starts ``marsad serve`` on the database in this process and photographs the home page, the
network and a document view with Playwright driving Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from marsad.web import create_app

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(ROOT / "marsad-demo.db"))
    ap.add_argument("--out", default=str(ROOT / "docs"))
    ap.add_argument("--doc", default="atlas_morocco_senegal_mou", help="the document to show")
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out = Path(args.out)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 820})
        for name, url, hover in (("home", "/", None), ("network", "/network", None),
                                 ("document", f"/documents/{args.doc}", "span.hl.k-trigger")):
            page.goto(base + url)
            if hover:
                page.locator(hover).first.hover()
            page.screenshot(path=str(out / f"dashboard-{name}.png"))
            print(out / f"dashboard-{name}.png")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
