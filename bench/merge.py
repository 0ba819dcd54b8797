"""Event merging (canonical events) at growing corpus sizes: does a document cost the same
at 100,000 documents as at 1,000?

    .venv/bin/python bench/merge.py [--sizes 1000,10000,100000] [--batch 500] [--seed 7]
    .venv/bin/python bench/merge.py --sizes 100000 --budget-min 25   # stop feeding after 25 min

The documents are bench/stories.py's synthetic corpus (story groups of 1–4 reports of one
rewritten dev-split article, dates up to a day apart, random outlets), cleaned and
segmented without extraction. Running the event extractor on 100k documents is too slow,
so each document gets 2–6 synthetic :class:`marsad.model.Event` objects instead (evidence =
one of its sentences, trigger = a word of it):

* a story group has 2–5 *group events*; each report carries each of them with p = 0.85, and
  may add a one-off event of its own (its own truth label);
* parties: 40 states (ISO-3), Zipf-skewed — EGY, USA, SAU ... are the frequent ones, so
  blocks such as ``04|EGY|USA`` get hot; a few one-sided events (no target);
* codes 042 (with its 043 half, reversed, half of the time), 036, 040, 046, 051, 057, 0311,
  031, 111, 112; a report says 031 for the group's 0311 with p = 0.3; symmetric codes
  (040, 046, 057) are reported in the other direction with p = 0.5; 8 % planned;
* dates at day precision: the event day (the group's earliest publication day or the day
  before); a report dates it in its sentence (70 %, one day early with p = 0.1), by its
  publication day (15 %) or not at all (15 %);
* a quarter of group events name the source's person; a report omits the name (p = 0.3) or
  leaves out its last part (p = 0.15).

Every synthetic group event is mergeable under the rule of :mod:`marsad.stories.events`
when the story clustering puts its reports in one story. Batches go through
``write_batch → assign_stories → Store.merge_events`` as in ``marsad ingest``;
assign_stories and merge_events are timed separately, and inside merge_events the share of
loading and grouping (``canon._bounded``: the events the new documents can reach and their
groups), the pure rule (``canon.merge_within``, inside it) and the rest (finding affected documents, building records, writing) — the bench wraps those module functions, nothing in marsad changes. Each
size runs in its own process, so peak memory is per size.

Printed per size: documents, events, canonical events, merge seconds, documents/s,
milliseconds per document for merging in the first and the last tenth of the batches
(flat = a document costs the same however large the database), wall clock and CPU time of
this process (CPU: less disturbed by other work on a shared machine), mentions re-merged per
batch in the last tenth (grows with the corpus when a block is recomputed whole), the
largest block merged, peak RSS, pairwise precision/recall/F1 of the canonical events
against the synthetic truth (one group event = one canonical event; events of different
groups apart), the story clustering's pairwise recall ("story R": an undated report can
only join its event inside a story) and assign_stories seconds. Progress (every tenth of
the batches) goes to stderr. Results, with the per-batch series, go to
bench/results/merge.json (rewritten after each size).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import ROOT, pairwise, synthetic  # noqa: E402  (one corpus builder, one scoring)

COUNTRIES = (
    "EGY USA SAU ARE QAT JOR IRN ISR PSE TUR RUS CHN FRA GBR DEU SYR IRQ LBN YEM KWT "
    "BHR OMN MAR DZA TUN LBY SDN ETH ITA JPN IND PAK ESP CAN GRC CYP SOM MRT KOR BRA"
).split()
WEIGHTS = [1 / (r + 1) for r in range(len(COUNTRIES))]  # Zipf: EGY ≈ 23 %, USA ≈ 12 %, SAU ≈ 8 %
CODES = {"042": 14, "036": 10, "040": 10, "046": 7, "051": 10, "057": 7, "0311": 8, "031": 4, "111": 11, "112": 9}
ONE_SIDED = {"051", "111", "112"}  # may come without a target (5 %)
PERSONS = {
    "EGY": ["سامح حسن شكري", "بدر أحمد عبد العاطي", "مصطفى كمال مدبولي"],
    "USA": ["أنتوني بلينكن", "جو بايدن", "ماركو روبيو"],
    "SAU": ["فيصل بن فرحان آل سعود", "محمد بن سلمان بن عبد العزيز", "عادل أحمد الجبير"],
    "ARE": ["عبد الله بن زايد آل نهيان", "محمد بن زايد آل نهيان"],
    "QAT": ["محمد بن عبد الرحمن آل ثاني", "تميم بن حمد آل ثاني"],
    "JOR": ["أيمن حسين الصفدي", "بشر هاني الخصاونة"],
}
GENERIC = ["خالد محمود العلي", "يوسف إبراهيم الحسن", "عمر سعيد الأحمد", "حسن علي المنصور"]
WORD = re.compile(r"\S+")


def _spec(rng: random.Random) -> dict:
    """One group event: code, parties, modality, person."""
    code = rng.choices(list(CODES), weights=list(CODES.values()))[0]
    src, tgt = rng.choices(COUNTRIES, weights=WEIGHTS, k=2)
    while tgt == src:
        tgt = rng.choices(COUNTRIES, weights=WEIGHTS)[0]
    if code in ONE_SIDED and rng.random() < 0.05:
        tgt = None
    person = rng.choice(PERSONS.get(src, GENERIC)) if rng.random() < 0.25 else None
    return {"code": code, "source": src, "target": tgt, "person": person,
            "modality": "planned" if rng.random() < 0.08 else "realized"}


def _key(s: dict) -> tuple:
    """What the rule could confuse: chained codes (031/0311 share ``031``), the same
    parties in either direction, the same modality."""
    return (s["code"][:3], *sorted((s["source"], s["target"] or "")), s["modality"])


def _group_specs(rng: random.Random, seen: set[tuple]) -> list[dict]:
    """2–5 events of one story (a visit may bring its host's half), no two of them
    confusable; their keys go into ``seen``."""
    out: list[dict] = []
    want = rng.randint(2, 5)
    while len(out) < want:
        s = _spec(rng)
        halves = [s]
        if s["code"] == "042" and s["target"] and rng.random() < 0.5:  # the host's half
            halves.append({**s, "code": "043", "source": s["target"], "target": s["source"], "person": None})
        if any(_key(h) in seen for h in halves):
            continue
        seen.update(_key(h) for h in halves)
        out.extend(halves)
    return out


def _fresh(rng: random.Random, seen: set[tuple]) -> dict:
    """A one-off event of one report, confusable with no other event of its story."""
    while True:
        s = _spec(rng)
        if _key(s) not in seen:
            seen.add(_key(s))
            return s


def _event(doc, spec: dict, rng: random.Random, *, code: str, flip: bool, date: str | None, basis: str,
           person: str | None):
    from marsad.lexicon.events import event_code
    from marsad.model import Event, EventActor, Evidence

    ec = event_code(code)
    si = rng.randrange(len(doc.sentences))
    sent = doc.sentences[si]
    words = [m for m in WORD.finditer(doc.text, sent.start, sent.end)] or [None]
    w = rng.choice(words)
    ts, te = (w.start(), w.end()) if w else (sent.start, sent.end)
    para = next((i for i, p in enumerate(doc.paragraphs) if p.start <= sent.start < p.end), 0)
    src, tgt = spec["source"], spec["target"]
    if flip and tgt:
        src, tgt = tgt, src
    s_person, t_person = (None, person) if flip and tgt else (person, None)
    actor = lambda c, p: EventActor(text=c, start=None, end=None, code=f"{c}GOV", country=c, role="GOV",  # noqa: E731
                                    person=p)
    return Event(
        code=ec.code, root=ec.root, name=ec.name, source=actor(src, s_person),
        target=actor(tgt, t_person) if tgt else None,
        evidence=Evidence(doc.text[sent.start : sent.end], sent.start, sent.end),
        trigger=Evidence(doc.text[ts:te], ts, te), sentence=si, paragraph=para,
        plover_type=ec.plover_type, plover_mode=ec.plover_mode, goldstein=ec.goldstein, quad_class=ec.quad_class,
        date=date, date_precision="day" if date else "none", date_basis=basis if date else "none",
        modality=spec["modality"], needs_target=tgt is not None, confidence=round(rng.uniform(0.5, 0.95), 2),
    )


def attach_events(docs: list, rng: random.Random, next_label: list[int]) -> list[list[int]]:
    """Give the reports of one story group their events; returns each document's truth
    labels, in the order of its events (= the order of the stored event rows)."""
    import datetime as dt

    seen: set[tuple] = set()
    specs = _group_specs(rng, seen)
    base = next_label[0]
    next_label[0] += len(specs)
    first = min(dt.date.fromisoformat(d.published) for d in docs)
    day = first - dt.timedelta(days=rng.randrange(2))
    labels: list[list[int]] = []
    for doc in docs:
        chosen = [(j, s) for j, s in enumerate(specs) if rng.random() < 0.85]
        own = [_fresh(rng, seen)] if rng.random() < 0.3 else []
        while len(chosen) + len(own) < 2:
            own.append(_fresh(rng, seen))
        chosen = chosen[: 6 - len(own)]
        doc_labels = []
        events = []
        for j, s in chosen + [(None, s) for s in own]:
            code = "031" if s["code"] == "0311" and rng.random() < 0.3 else s["code"]
            flip = code in ("040", "046", "057") and rng.random() < 0.5
            r = rng.random()
            if r < 0.7:
                d = day - dt.timedelta(days=1) if rng.random() < 0.1 else day
                date, basis = d.isoformat(), "sentence"
            elif r < 0.85:
                date, basis = doc.published, "publication"
            else:
                date, basis = None, "none"
            person = s["person"]
            if person and rng.random() < 0.3:
                person = None
            elif person and len(person.split()) > 2 and rng.random() < 0.15:
                person = " ".join(person.split()[:-1])
            events.append(_event(doc, s, rng, code=code, flip=flip, date=date, basis=basis, person=person))
            if j is None:
                doc_labels.append(next_label[0])
                next_label[0] += 1
            else:
                doc_labels.append(base + j)
        doc.events = events
        labels.append(doc_labels)
    return labels


def _instrument() -> dict[str, float]:
    """Wrap the stages of marsad.store.canon with timers (the module's own functions are
    looked up at call time, so this changes nothing else)."""
    from marsad.store import canon

    acc = {"affected_s": 0.0, "load_s": 0.0, "rule_s": 0.0, "largest_merge": 0}

    def timed(name: str, fn):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                acc[name] += time.perf_counter() - t0
        return wrapper

    # (before bounded merging, the loading was canon._reachable and the rule canon.merge: the
    # bench runs on either, for before/after figures)
    load, rule = ("_bounded", "merge_within") if hasattr(canon, "_bounded") else ("_reachable", "merge")
    merge = getattr(canon, rule)

    def merge_counted(mentions, *a, **k):
        acc["largest_merge"] = max(acc["largest_merge"], len(mentions))
        return merge(mentions, *a, **k)

    canon._affected_docs = timed("affected_s", canon._affected_docs)
    setattr(canon, load, timed("load_s", getattr(canon, load)))
    setattr(canon, rule, timed("rule_s", merge_counted))
    return acc


def _partition(conn, events) -> dict[int, frozenset[int]]:
    """Each event id -> the ids of the events merged with it (its canonical event's mentions)."""
    import sqlalchemy as sa

    groups: dict[int, set[int]] = {}
    rows = conn.execute(sa.select(events.c.id, events.c.canonical_id)).all()
    for eid, cid in rows:
        groups.setdefault(cid if cid is not None else -eid, set()).add(eid)
    return {eid: frozenset(groups[cid if cid is not None else -eid]) for eid, cid in rows}


def run_one(n: int, batch: int, seed: int, budget_min: float | None, check: bool = False) -> dict:
    import sqlalchemy as sa

    from marsad.model import Document
    from marsad.pipeline import build_document
    from marsad.stories import assign_stories
    from marsad.store.db import Store
    from marsad.store.schema import canonical_events, documents, events, story_members

    acc = _instrument()
    rng = random.Random(seed * 1000 + 1)
    truth_of_doc: dict[str, tuple[int, list[int]]] = {}  # doc_id -> (story group, event labels)
    next_label = [0]
    t_build = t_write = t_assign = t_merge = 0.0
    series: list[dict] = []
    start = time.perf_counter()
    stopped = False
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "m.db")) as store:
        pending: list[Document] = []

        def flush() -> None:
            nonlocal t_write, t_assign, t_merge
            before = dict(acc)
            t0 = time.perf_counter()
            store.write_batch(pending, [])
            t1 = time.perf_counter()
            assign_stories(store, pending)
            t2, c2 = time.perf_counter(), time.process_time()
            rep = store.merge_events(pending)
            t3, c3 = time.perf_counter(), time.process_time()
            t_write += t1 - t0
            t_assign += t2 - t1
            t_merge += t3 - t2
            series.append({
                "docs": len(truth_of_doc), "merge_ms_per_doc": round(1000 * (t3 - t2) / len(pending), 3),
                "merge_cpu_ms_per_doc": round(1000 * (c3 - c2) / len(pending), 3), "merge_cpu_s": c3 - c2,
                "assign_ms_per_doc": round(1000 * (t2 - t1) / len(pending), 3),
                "blocks": rep.blocks, "mentions": rep.mentions,
                "load_s": round(acc["load_s"] - before["load_s"], 3),
                "rule_s": round(acc["rule_s"] - before["rule_s"], 3),
                "affected_s": round(acc["affected_s"] - before["affected_s"], 3),
            })
            pending.clear()
            nb = len(series)
            if nb == 1 or nb % max(1, n // batch // 10) == 0:
                s = series[-1]
                print(f"  [{n}] {s['docs']:>7} docs  merge {s['merge_ms_per_doc']:>8.2f} ms/doc "
                      f"({s['merge_cpu_ms_per_doc']:.2f} CPU)  "
                      f"assign {s['assign_ms_per_doc']:>6.2f} ms/doc  mentions re-merged {s['mentions']:>7}  "
                      f"(load {s['load_s']:.2f} s, rule {s['rule_s']:.2f} s)  {time.perf_counter() - start:7.0f} s",
                      file=sys.stderr, flush=True)

        group_docs: list[Document] = []
        group_id = None

        def close_group() -> None:
            nonlocal t_build
            if not group_docs:
                return
            t0 = time.perf_counter()
            labels = attach_events(group_docs, rng, next_label)
            t_build += time.perf_counter() - t0
            for d, lab in zip(group_docs, labels):
                truth_of_doc[d.doc_id] = (group_id, lab)
                pending.append(d)
            group_docs.clear()

        for raw, g in synthetic(n, seed):
            if g != group_id:
                close_group()
                group_id = g
                if len(pending) >= batch:
                    flush()
                    if budget_min and time.perf_counter() - start > 60 * budget_min:
                        stopped = True
                        break
            t0 = time.perf_counter()
            doc = build_document(raw, extract=False)
            t_build += time.perf_counter() - t0
            if isinstance(doc, Document) and doc.sentences and doc.published:
                group_docs.append(doc)
        if not stopped:
            close_group()
            if pending:
                flush()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(events.c.id, events.c.canonical_id, documents.c.doc_id)
                .join(documents, documents.c.id == events.c.document_id).order_by(events.c.id)
            ).all()
            n_canon = conn.execute(sa.select(sa.func.count()).select_from(canonical_events)).scalar_one()
            n_multi = conn.execute(sa.select(sa.func.count()).select_from(canonical_events)
                                   .where(canonical_events.c.num_articles > 1)).scalar_one()
            top_blocks = conn.execute(
                sa.select(events.c.block, sa.func.count()).group_by(events.c.block)
                .order_by(sa.func.count().desc()).limit(3)
            ).all()
            members = conn.execute(
                sa.select(documents.c.doc_id, story_members.c.story_id)
                .join(documents, documents.c.id == story_members.c.document_id)
            ).all()
        db_mb = sum(p.stat().st_size for p in Path(tmp).glob("m.db*")) / 1e6
        differ = None
        if check:  # merging batch by batch must equal one recomputation of every block
            with store.engine.connect() as conn:
                before = _partition(conn, events)
            t0 = time.perf_counter()
            store.merge_events()
            t_full = time.perf_counter() - t0
            with store.engine.connect() as conn:
                after = _partition(conn, events)
            differ = sum(before[e] != after[e] for e in before)
            print(f"  [{n}] full recomputation {t_full:.1f} s; events grouped differently: {differ}",
                  file=sys.stderr, flush=True)
    # truth: the k-th stored event of a document is its k-th synthetic event
    truth: dict[int, int] = {}
    clusters: dict[int | None, list[int]] = {}
    seen_in_doc: dict[str, int] = {}
    unmerged = 0
    for eid, cid, doc_id in rows:
        k = seen_in_doc.get(doc_id, 0)
        seen_in_doc[doc_id] = k + 1
        truth[eid] = truth_of_doc[doc_id][1][k]
        if cid is None:
            unmerged += 1
            clusters[-eid] = [eid]
        else:
            clusters.setdefault(cid, []).append(eid)
    stories: dict[int, list[str]] = {}
    for doc_id, sid in members:
        stories.setdefault(sid, []).append(doc_id)
    story_pr = pairwise(list(stories.values()), {d: truth_of_doc[d][0] for ds in stories.values() for d in ds})
    ndocs = sum(s_["docs"] for s_ in series[-1:]) if series else 0
    k = max(1, len(series) // 10)
    last = series[-k:]
    return {
        "documents": ndocs,
        "complete": not stopped,
        "events": len(rows),
        "canonical": n_canon,
        "canonical_multi_document": n_multi,
        "unmerged_events": unmerged,
        "merge_s": round(t_merge, 2),
        "merge_docs_per_s": round(ndocs / t_merge, 1) if t_merge else None,
        "first_batches_ms_per_doc": round(sum(s_["merge_ms_per_doc"] for s_ in series[:k]) / k, 3),
        "last_batches_ms_per_doc": round(sum(s_["merge_ms_per_doc"] for s_ in last) / k, 3),
        "first_batches_cpu_ms_per_doc": round(sum(s_["merge_cpu_ms_per_doc"] for s_ in series[:k]) / k, 3),
        "last_batches_cpu_ms_per_doc": round(sum(s_["merge_cpu_ms_per_doc"] for s_ in last) / k, 3),
        "merge_cpu_s": round(sum(s_["merge_cpu_s"] for s_ in series), 1),
        "slowest_batch_ms_per_doc": max(s_["merge_ms_per_doc"] for s_ in series),
        "last_batches_mentions_per_batch": round(sum(s_["mentions"] for s_ in last) / k),
        "last_batches_blocks_per_batch": round(sum(s_["blocks"] for s_ in last) / k),
        "merge_load_s": round(acc["load_s"], 2),
        "merge_rule_s": round(acc["rule_s"], 2),
        "merge_affected_s": round(acc["affected_s"], 2),
        "largest_block_merged": acc["largest_merge"],
        "top_blocks": [[b, c] for b, c in top_blocks],
        "assign_s": round(t_assign, 2),
        "write_s": round(t_write, 2),
        "build_s": round(t_build, 2),
        "wall_s": round(time.perf_counter() - start, 1),
        "db_mb": round(db_mb, 1),
        "peak_rss_mb": round(peak, 1),
        **pairwise(list(clusters.values()), truth),
        "stories": {k_: v for k_, v in story_pr.items()},
        "incremental_vs_full_differ": differ,
        "series": series,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--batch", type=int, default=500, help="documents per batch (as in ingest)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--budget-min", type=float, default=None,
                    help="per size: stop feeding batches after this many minutes and report what was done")
    ap.add_argument("--check", action="store_true",
                    help="after feeding, recompute every block at once and count events grouped differently "
                         "(incremental merging must give 0)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "merge.json"))
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.batch, args.seed, args.budget_min, args.check)))
        return
    results = []
    print(f"{'docs':>8} {'events':>8} {'canon':>8} {'merge s':>8} {'docs/s':>7} {'ms/doc first':>12} "
          f"{'ms/doc last':>11} {'CPU first':>9} {'CPU last':>8} {'mentions/batch last':>19} {'largest block':>13} {'peak MB':>8} "
          f"{'P':>6} {'R':>6} {'F1':>6} {'story R':>7} {'assign s':>8}", flush=True)
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        cmd = [sys.executable, __file__, "--one", str(size), "--batch", str(args.batch), "--seed", str(args.seed)]
        if args.budget_min:
            cmd += ["--budget-min", str(args.budget_min)]
        if args.check:
            cmd += ["--check"]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)  # progress on stderr
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        docs = f"{r['documents']}{'' if r['complete'] else '*'}"
        print(f"{docs:>8} {r['events']:>8} {r['canonical']:>8} {r['merge_s']:>8} {r['merge_docs_per_s']:>7} "
              f"{r['first_batches_ms_per_doc']:>12} {r['last_batches_ms_per_doc']:>11} "
              f"{r['first_batches_cpu_ms_per_doc']:>9} {r['last_batches_cpu_ms_per_doc']:>8} "
              f"{r['last_batches_mentions_per_batch']:>19} {r['largest_block_merged']:>13} {r['peak_rss_mb']:>8} "
              f"{r['precision']:>6} {r['recall']:>6} {r['f1']:>6} {r['stories']['recall']:>7} {r['assign_s']:>8}",
              flush=True)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)  # after each size: a stopped run keeps the rest
        Path(args.out).write_text(json.dumps({"python": sys.version.split()[0], "sizes": results}, indent=1) + "\n")
    if any(not r["complete"] for r in results):
        print("* stopped by --budget-min before the corpus was complete")


if __name__ == "__main__":
    main()
