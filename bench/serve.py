"""Latency of the observatory (``marsad serve``) on the real archive, with a real HTTP client.

    .venv/bin/python bench/serve.py [--db bench/results/serve/archive.db] [--docs N] [--requests 40]

Loads ``../shared/archive`` (62,513 articles; ``--docs N``: the first N) into a SQLite file
with the default ``marsad ingest`` (extraction, stories, event merging) unless that file
already exists (it is reused: ingesting the whole archive takes a long while), brings the
summary and search index up to date (timed), starts ``marsad serve`` in its own process and
requests every endpoint ``--requests`` times with httpx, cycling through several parameter
values per endpoint. Prints p50/p95/max per endpoint; the target is p95 < 200 ms for lists,
aggregates and search. Results also go to bench/results/serve.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT.parent / "shared" / "archive"


def build(db: Path, docs: int | None) -> None:
    from marsad.pipeline import ingest
    from marsad.settings import Settings
    from marsad.store.db import Store

    files = sorted(ARCHIVE.glob("*.jsonl.gz"))
    if not files:
        sys.exit(f"no archive under {ARCHIVE}")
    paths = [str(f) for f in files]
    tmp = None
    if docs:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        n = 0
        for f in files:  # interleave the two corpora: half from each
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if i >= (docs + 1) // 2:
                        break
                    tmp.write(line)
                    n += 1
        tmp.close()
        paths = [tmp.name]
    db.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    with Store.open(str(db)) as store:
        report = ingest(paths, store, Settings(db=str(db)))
    print(f"ingested {report.stored} documents in {time.perf_counter() - t:.0f} s")
    if tmp:
        Path(tmp.name).unlink()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(ROOT / "bench" / "results" / "serve" / "archive.db"))
    ap.add_argument("--docs", type=int, default=None, help="ingest only the first N archive articles (new db only)")
    ap.add_argument("--requests", type=int, default=40, help="timed requests per endpoint")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "serve.json"))
    args = ap.parse_args()

    db = Path(args.db)
    if not db.exists():
        build(db, args.docs)
    from marsad.store import derived
    from marsad.store.db import Store

    with Store.open(str(db)) as store:
        t = time.perf_counter()
        did = derived.catch_up(store.engine)
        catch = time.perf_counter() - t
        docs = store.count_documents()
    print(f"{db}: {docs} documents; derived tables brought up to date in {catch:.1f} s ({did})")

    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "marsad"), "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(600):
                try:
                    if c.get("/api/overview").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            else:
                sys.exit("server did not start: " + server.stderr.read().decode() if server.stderr else "")
            ov = c.get("/api/overview").json()["data"]
            dyad = ov["dyads"][0]
            countries = [d["source"] for d in ov["dyads"][:4]] + [d["target"] for d in ov["dyads"][:4]]
            evs = c.get("/api/events?limit=20&sort=-articles").json()["data"]
            doc_ids = [d for e in evs[:5] for d in e["doc_ids"][:2]]
            persons = [p["key"] for p in c.get("/api/persons?limit=10").json()["data"]]
            stories = [s["story_id"] for s in c.get("/api/stories?limit=10").json()["data"]]
            latest = ov["latest"] or "2018-10-01"
            month = latest[:7]
            words = ["السعودية", "الأمم المتحدة", "الامم المتحده", "وزير الخارجية", "إيران", "مجلس الأمن",
                     "الرياض", "اتفاقية", "قمة", "الإرهاب", "ترامب", "اليمن"]
            endpoints: dict[str, tuple[str, list[str]]] = {
                "documents (list)": ("list", ["/api/documents", "/api/documents?offset=5000", f"/api/documents?since={month}-01",
                                              "/api/documents?sort=published&offset=20000"]),
                "documents?outlet": ("list", ["/api/documents?outlet=" + quote(o["outlet"]) for o in c.get("/api/outlets").json()["data"][:6]]),
                "search": ("search", ["/api/search?q=" + quote(w) for w in words]),
                "documents?q (search+filter)": ("search", [f"/api/documents?q={quote(w)}&since={latest[:4]}-01-01" for w in words[:6]]),
                "events (list)": ("list", ["/api/events", "/api/events?offset=2000", "/api/events?sort=-articles", "/api/events?modality=all"]),
                "events?country": ("list", [f"/api/events?country={x}" for x in countries]),
                "events?pair": ("list", [f"/api/events?pair={dyad['source']},{dyad['target']}"]),
                "events?root,quad,plover": ("list", ["/api/events?root=04", "/api/events?quad_class=4", "/api/events?plover=CONSULT",
                                                     "/api/events?code=042"]),
                "events?dates,min_articles": ("list", [f"/api/events?since={month}-01&until={month}-28", "/api/events?min_articles=3"]),
                "events?topic,outlet": ("list", ["/api/events?topic=terrorism", "/api/events?outlet=" + quote(c.get("/api/outlets").json()["data"][0]["outlet"])]),
                "events?q (text)": ("search", ["/api/events?q=" + quote(w) for w in words[:6]]),
                "persons (list)": ("list", ["/api/persons", "/api/persons?country=SAU", "/api/persons?offset=500"]),
                "stories (list)": ("list", ["/api/stories", "/api/stories?offset=200", f"/api/stories?since={month}-01"]),
                "timeline": ("aggregate", ["/api/aggregates/timeline", "/api/aggregates/timeline?interval=week",
                                           "/api/aggregates/timeline?interval=month&by=root", f"/api/aggregates/timeline?country={countries[0]}"]),
                "network": ("aggregate", ["/api/aggregates/network", f"/api/aggregates/network?since={month}-01",
                                          f"/api/aggregates/network?country={countries[1]}"]),
                "dossier": ("aggregate", [f"/api/countries/{x}" for x in countries]),
                "map": ("aggregate", ["/api/aggregates/map", f"/api/aggregates/map?country={countries[0]}"]),
                "overview": ("aggregate", ["/api/overview"]),
                "document (one)": ("one", [f"/api/documents/{quote(d, safe='')}" for d in doc_ids]),
                "event (one)": ("one", [f"/api/events/{e['event_id']}" for e in evs[:10]]),
                "person (one)": ("one", [f"/api/persons/{quote(k, safe='')}" for k in persons]),
                "story (one)": ("one", [f"/api/stories/{s}" for s in stories]),
                "page: home": ("page", ["/"]),
                "page: network": ("page", ["/network"]),
                "page: document": ("page", [f"/documents/{quote(d, safe='')}" for d in doc_ids]),
                "page: dossier": ("page", [f"/countries/{x}" for x in countries]),
            }
            results = []
            print(f"\n{'endpoint':32} {'kind':9} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            for name, (kind, urls) in endpoints.items():
                for u in urls:  # warm each once (first-use caches in the server)
                    r = c.get(u)
                    if r.status_code != 200:
                        raise SystemExit(f"{u}: {r.status_code} {r.text[:200]}")
                times = []
                for i in range(args.requests):
                    u = urls[i % len(urls)]
                    t = time.perf_counter()
                    r = c.get(u)
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, (u, r.status_code)
                row = {"endpoint": name, "kind": kind, "n": len(times), "p50_ms": round(statistics.median(times), 1),
                       "p95_ms": round(pct(times, 95), 1), "max_ms": round(max(times), 1)}
                results.append(row)
                flag = "" if kind in ("one", "page") or row["p95_ms"] < 200 else "  > 200 ms"
                print(f"{name:32} {kind:9} {row['n']:>4} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8}{flag}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    target = [r for r in results if r["kind"] in ("list", "aggregate", "search")]
    worst = max(target, key=lambda r: r["p95_ms"])
    print(f"\nworst p95 of lists/aggregates/search: {worst['p95_ms']} ms ({worst['endpoint']}); target < 200 ms: "
          + ("met" if worst["p95_ms"] < 200 else "NOT met"))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"db": str(db), "documents": docs, "catch_up_s": round(catch, 1), "results": results},
                              indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
