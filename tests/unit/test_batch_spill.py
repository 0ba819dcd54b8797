"""The batch driver's disk-backed state (marsad.batch.spill) gives what the in-memory
steps give: the same candidate pairs as steps.bucket_pairs over the same buckets, and the
records it was given."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from marsad.batch import steps
from marsad.batch.spill import Buckets, Pairs, Records


def _pairs_in_memory(members: dict[int, list[int]], max_bucket: int) -> list[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for ms in members.values():
        out.update(steps.bucket_pairs(ms, max_bucket))
    return sorted(out)


def test_buckets_on_disk_give_the_pairs_of_the_buckets_in_memory(tmp_path: Path) -> None:
    rng = random.Random(13)
    keys = [rng.randrange(-(2**63), 2**63) for _ in range(300)]
    members: dict[int, list[int]] = {}
    buckets = Buckets(str(tmp_path), parts=7, buffer=16)  # small buffers: many flushes
    for ordinal in range(400):
        o = (rng.randrange(3) << 32) | ordinal  # ordinals as batch makes them (file << 32 | record)
        ks = list(dict.fromkeys(rng.choice(keys[:20] if rng.random() < 0.3 else keys) for _ in range(rng.randint(0, 12))))
        buckets.add(o, ks)
        for k in ks:
            members.setdefault(k, []).append(o)
    sizes = sorted(len(v) for v in members.values())
    assert sizes[-1] > 12 and sizes[0] == 1  # some buckets over the limit below, some alone
    pairs = Pairs(str(tmp_path), parts=5)
    for part in buckets.pairs(max_bucket=12):
        pairs.add(part)
    got = sorted(tuple(p) for part in pairs.sorted() for p in part.tolist())
    assert got == _pairs_in_memory(members, 12)
    assert len(got) == len(set(got))
    assert not list(tmp_path.glob("*.bin"))  # read once, then removed


def test_records_round_trip(tmp_path: Path) -> None:
    rec = Records(str(tmp_path), "r.bin")
    objs = [{"code": "042", "text": "زيارة", "n": i} for i in range(50)] + [b"\x00" * 5000, (1, None, np.uint32(7))]
    handles = [rec.put(o) for o in objs]
    assert [rec.get(h) for h in reversed(handles)] == list(reversed(objs))
    rec.put("later")
    assert rec.get(handles[3]) == objs[3]
    rec.close()


def test_local_spark_gives_a_failed_task_more_attempts() -> None:
    """Spark's local[N] runs each task once: one Python worker slow to start on a loaded
    machine failed the whole job (the archive parity test under load). Local masters get
    LOCAL_TASK_ATTEMPTS attempts; other masters keep theirs."""
    from marsad.batch.spark import LOCAL_TASK_ATTEMPTS, local_master

    n = LOCAL_TASK_ATTEMPTS
    assert n > 1
    assert local_master("local[2]") == f"local[2,{n}]" and local_master("local[*]") == f"local[*,{n}]"
    assert local_master("local") == f"local[1,{n}]"
    assert local_master("local[2,3]") == "local[2,3]" and local_master("spark://h:7077") == "spark://h:7077"
