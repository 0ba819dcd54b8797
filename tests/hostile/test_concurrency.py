"""Issue 14, cases 4 and 5: concurrent ingests and ingests killed with SIGKILL.

* Two and three ingest processes on overlapping inputs into one SQLite file or one
  PostgreSQL database leave the store equal to one sequential ingest of the union: the same
  documents, event rows, person mentions, stories and merged events, nothing orphaned.
* Two processes opening a fresh database at once both succeed (one migrates).
* An ingest killed after a batch's commit and before its stories, after its stories and
  before its merge, or at a random moment, followed by one ordinary re-run, leaves the
  store equal to an uninterrupted ingest; the killed run is closed as interrupted.

The processes are forked from the test (after the lexicons are loaded, so they start at
once); each opens its own store. The inputs are our sample articles plus a wire copy of
each (so stories and cross-document merging have work to do), ~40 documents.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from marsad import pipeline
from marsad.ingest.readers import iter_inputs
from marsad.model import RawDoc
from marsad.pipeline import ingest, warm
from marsad.settings import Settings
from marsad.store.db import Store
from marsad.store.schema import (
    canonical_events, documents, events, ingest_runs, person_mentions, persons, story_fingerprints, story_members,
)

pytestmark = pytest.mark.slow  # tens of seconds in all; runs in CI

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
CTX = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
needs_fork = pytest.mark.skipif(CTX is None, reason="needs the fork start method")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The sample articles and, for each, a wire copy with another dateline and outlet."""
    warm()
    recs: list[dict[str, Any]] = []
    for raw in iter_inputs([str(SAMPLES / "txt"), str(SAMPLES / "jsonl")]):
        assert isinstance(raw, RawDoc)
        pub = (raw.published or "2024-07-07")[:10]
        recs.append({"id": raw.doc_id, "text": raw.text, "published": pub, "outlet": raw.outlet or "x"})
        body = raw.text.strip().split("\n")
        copy = "\n".join(["(وكالات) - " + body[0], *body[1:], "المصدر: وكالة أنباء"])
        recs.append({"id": f"{raw.doc_id}-wire", "text": copy, "published": pub, "outlet": "وكالة"})
    assert len(recs) >= 20
    return recs


def _files(folder: Path, recs: list[dict[str, Any]], k: int) -> list[str]:
    """``k`` overlapping JSONL files covering ``recs``: file i holds every k-th record from
    i on, plus a random 40 % of the others, in its own order."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(k)
    paths = []
    for i in range(k):
        part = [r for j, r in enumerate(recs) if j % k == i or (k > 1 and rng.random() < 0.4)]
        rng.shuffle(part)
        p = folder / f"part{i}.jsonl"
        p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        paths.append(str(p))
    return paths


def snapshot(url: str) -> dict[str, Any]:
    """The store's content without its ids: what must be equal to a sequential run."""
    with Store.open(url) as store, store.engine.connect() as c:
        name = dict(c.execute(sa.select(documents.c.id, documents.c.doc_id)).all())
        docs = sorted(c.execute(sa.select(documents.c.doc_id, documents.c.content_hash)).all())
        ev_rows = c.execute(sa.select(events.c.id, events.c.document_id, events.c.sentence, events.c.code,
                                      events.c.source_code, events.c.target_code, events.c.date,
                                      events.c.canonical_id)).all()
        key = {r.id: (name[r.document_id], r.sentence, r.code, r.source_code, r.target_code, r.date) for r in ev_rows}
        canon: dict[int, set[Any]] = {}
        for r in ev_rows:
            canon.setdefault(r.canonical_id, set()).add(key[r.id])
        ce_ids = set(c.execute(sa.select(canonical_events.c.id)).scalars())
        members: dict[int, set[str]] = {}
        for d, s in c.execute(sa.select(story_members.c.document_id, story_members.c.story_id)):
            members.setdefault(s, set()).add(name[d])
        pm = Counter(
            (name[d], k, n) for d, k, n in c.execute(
                sa.select(person_mentions.c.document_id, persons.c.key, person_mentions.c.name)
                .join(persons, persons.c.id == person_mentions.c.person_id))
        )
        fps = int(c.execute(sa.select(sa.func.count()).select_from(story_fingerprints)).scalar() or 0)
        runs = [r.status for r in c.execute(sa.select(ingest_runs.c.status).order_by(ingest_runs.c.id))]
    return {
        "documents": docs,
        "events": sorted(Counter(key.values()).items()),
        "person_mentions": sorted(pm.items()),
        "stories": sorted(sorted(m) for m in members.values()),
        "merged": sorted(sorted(m) for cid, m in canon.items() if cid is not None),
        # nothing orphaned or left undone
        "unmerged_events": len(canon.get(None, ())),
        "canonical_without_events": len(ce_ids - set(canon)),
        "documents_without_story": len(docs) - sum(len(m) for m in members.values()),
        "fingerprints": fps,
        "_runs": runs,
    }


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    for k in a:
        if not k.startswith("_"):
            assert a[k] == b[k], k
    assert a["unmerged_events"] == a["canonical_without_events"] == a["documents_without_story"] == 0
    assert a["fingerprints"] == len(a["documents"])


def _run(url: str, paths: list[str], batch: int, kill: tuple[str, int] | None = None) -> None:
    """Child process: one ingest; with ``kill`` ("stories" | "merge", n) it kills itself
    with SIGKILL just before the n-th batch's story / merge step."""
    try:
        if kill is not None:
            step, n = kill
            calls = {"n": 0}

            def killer(real: Any) -> Any:
                def wrapped(*a: Any, **kw: Any) -> Any:
                    calls["n"] += 1
                    if calls["n"] == n:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return real(*a, **kw)
                return wrapped

            if step == "stories":
                pipeline.assign_stories = killer(pipeline.assign_stories)  # type: ignore[assignment]
            else:
                Store.merge_events = killer(Store.merge_events)  # type: ignore[method-assign]
        with Store.open(url) as store:
            ingest(paths, store, Settings(db=url, batch_size=batch))
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
        os._exit(3)
    os._exit(0)


def _procs(jobs: list[tuple[Any, ...]]) -> list[int]:
    assert CTX is not None
    ps = [CTX.Process(target=_run, args=job) for job in jobs]
    for p in ps:
        p.start()
    for p in ps:
        p.join(300)
    return [p.exitcode for p in ps]


@pytest.fixture(scope="module")
def reference(corpus: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One sequential ingest of everything (in this process)."""
    folder = tmp_path_factory.mktemp("ref")
    url = str(folder / "ref.db")
    with Store.open(url) as store:
        ingest(_files(folder / "in", corpus, 1), store, Settings(db=url, batch_size=7))
    snap = snapshot(url)
    assert snap["merged"] and any(len(s) > 1 for s in snap["stories"]) and snap["person_mentions"]
    assert any(len({d for d, *_ in m}) > 1 for m in snap["merged"])  # cross-document merging happened
    return snap


def _url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return str(tmp_path / "c.db") if kind == "sqlite" else request.getfixturevalue("pg_db")


KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@needs_fork
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("k", [2, 3])
def test_concurrent_ingests_equal_a_sequential_one(
    corpus: list[dict[str, Any]], reference: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest,
    kind: str, k: int,
) -> None:
    url = _url(kind, tmp_path, request)  # a fresh database: the processes also race to migrate it
    paths = _files(tmp_path / "in", corpus, k)
    assert _procs([(url, [p], 3) for p in paths]) == [0] * k
    got = snapshot(url)
    _same(got, reference)
    assert got["_runs"] == ["finished"] * k


@needs_fork
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("kill", [("stories", 2), ("merge", 3), "random"], ids=["before-stories", "before-merge", "random"])
def test_an_ingest_killed_then_run_again_equals_an_uninterrupted_one(
    corpus: list[dict[str, Any]], reference: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest,
    kind: str, kill: Any,
) -> None:
    url = _url(kind, tmp_path, request)
    paths = _files(tmp_path / "in", corpus, 1)
    if kill == "random":
        assert CTX is not None
        p = CTX.Process(target=_run, args=(url, paths, 3))
        p.start()
        time.sleep(random.Random(os.getpid()).uniform(0.2, 1.5))
        os.kill(p.pid, signal.SIGKILL)
        p.join()
    else:
        assert _procs([(url, paths, 3, kill)]) == [-signal.SIGKILL]
    killed = snapshot(url)
    if kill != "random":
        # the killed run stored batches whose later steps never ran
        assert killed["documents"] and (killed["documents_without_story"] or killed["unmerged_events"])
    with Store.open(url) as store:
        rep = ingest(paths, store, Settings(db=url, batch_size=5))
        if kill != "random":
            assert rep.interrupted == [1] and sum(rep.finished.values()) > 0
    got = snapshot(url)
    _same(got, reference)
    # a random kill may come after the run ended (a fast machine): then it finished
    assert got["_runs"][-1] == "finished" and set(got["_runs"][:-1]) <= (
        {"interrupted", "finished"} if kill == "random" else {"interrupted"})


def test_pending_steps_are_exact(tmp_path: Path, corpus: list[dict[str, Any]]) -> None:
    """A batch stored without its later steps is reported, then finished."""
    url = str(tmp_path / "p.db")
    with Store.open(url) as store:
        ingest(_files(tmp_path / "in", corpus[:8], 1), store, Settings(db=url, stories=False))
        pending = store.pending_steps()
        assert pending["stories"] == 8 and pending["merge"] > 0
        done = store.finish_pending()
        assert done["stories"] == 8 and store.pending_steps() == {"stories": 0, "merge": 0}
