"""Over-full LSH buckets (issue: one rule for the store and the batch engine). A bucket carried
by more than ``MAX_BUCKET`` documents gives no candidates, by its final size: the store's
stories do not depend on the batch size or the order documents arrive in, and they are the
batch engine's."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from marsad.batch import run_batch
from marsad.batch.parity import from_output, from_store
from marsad.lexicon.loader import load_table
from marsad.pipeline import ingest
from marsad.settings import Settings
from marsad.stories import index
from marsad.store.db import Store

#: small enough that the shared paragraph below fills its buckets
SMALL_BUCKET = 6
#: a paragraph every document of the corpus repeats (written for this test)
SHARED = ("يصدر هذا الملحق كل صباح بتقارير المراسلين من المدن الكبرى ويجمع آراء الخبراء حول القضايا "
          "التي تشغل الرأي العام في المنطقة. وتصل نسخته الورقية إلى المكتبات العامة والجامعات في اليوم نفسه. "
          "ويشارك في تحريره فريق من الصحفيين الشباب الذين تدربوا في ورش عمل نظمتها الصحيفة خلال الأعوام الماضية "
          "بالتعاون مع معاهد الإعلام. ويرحب القسم برسائل القراء واقتراحاتهم حول الموضوعات التي يرغبون في قراءتها "
          "ضمن الأعداد المقبلة من الملحق الأسبوعي الموسع.")


def _corpus(n_long: int = 10, copies: int = 2) -> list[dict]:
    """One short note that is mostly the SHARED paragraph, ``n_long`` long unrelated texts
    (random given names as words) that each carry SHARED in the middle, and ``copies`` of long
    ones reported again with one word changed. The note is *contained* in every long text, so
    a store that still used the SHARED buckets while they were small would join the first
    long texts to it; by the final sizes, those buckets are over-full."""
    words = [str(r["name"]) for r in load_table("given_names")]
    rng = random.Random(11)

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(14)) + "."

    out = [{"id": "note", "text": sentence()[:40] + ".\n" + SHARED, "published": "2024-03-05", "outlet": "outlet n"}]
    for i in range(n_long):
        body = [" ".join(sentence() for _ in range(6)), SHARED, " ".join(sentence() for _ in range(5))]
        out.append({"id": f"doc-{i:02d}", "text": "\n".join(body), "published": "2024-03-05",
                    "outlet": f"outlet {i % 4}"})
    for i in range(copies):
        src = out[1 + i * 3]
        text = src["text"].split(" ")
        text[2] = rng.choice(words)
        out.append({"id": f"copy-{i:02d}", "text": " ".join(text), "published": src["published"],
                    "outlet": "another outlet"})
    return out


def _write(path: Path, recs: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return str(path)


def _stories(db: str, src: str, batch_size: int) -> set[frozenset[str]]:
    with Store.open(db) as store:
        ingest([src], store, Settings(db=db, batch_size=batch_size, extract=False))
        with store.engine.connect() as conn:
            biggest = conn.exec_driver_sql("SELECT max(documents) FROM story_bucket_sizes").scalar()
        assert biggest > SMALL_BUCKET  # the corpus has an over-full bucket
    return from_store(db).stories


def test_over_full_buckets_give_the_same_stories_in_any_order_and_in_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "MAX_BUCKET", SMALL_BUCKET)
    recs = _corpus()
    forward = _write(tmp_path / "forward.jsonl", recs)
    backward = _write(tmp_path / "backward.jsonl", recs[::-1])
    shuffled = recs[:]
    random.Random(3).shuffle(shuffled)
    mixed = _write(tmp_path / "mixed.jsonl", shuffled)
    ref = _stories(str(tmp_path / "all.db"), forward, 500)
    # the copies are stories; the note, which meets the long texts only in over-full buckets, is not
    assert ref == {frozenset({f"doc-{i * 3:02d}", f"copy-{i:02d}"}) for i in range(2)}
    for name, src, size in (("small", forward, 2), ("backward", backward, 3), ("mixed", mixed, 5), ("one", mixed, 1)):
        assert _stories(str(tmp_path / f"{name}.db"), src, size) == ref, name
    run_batch([forward], str(tmp_path / "batch"), engine="local", jobs=1)
    assert from_output(str(tmp_path / "batch")).stories == ref
