"""``marsad batch --engine spark``: the batch run on Apache Spark (pyspark, ``marsad[spark]``).

The same functions as the local engine, as Spark stages (RDDs of Python objects; the
tables are written by Spark's Parquet writer, so ``--out`` may be any Hadoop-compatible URI):

1. **read**: local files are read by the executors from their paths; URIs (``hdfs://``,
   ``s3a://`` …) are fetched with ``binaryFiles`` and read from a temporary copy.
   Each record gets its ordinal (file index, record number).
2. **build**: :func:`marsad.batch.work.build` on every record (repartitioned across cores).
3. **identity**: a text seen twice is kept once (lowest ordinal); a doc_id used by two
   texts is renamed ``<doc_id>~<hash8>`` for all but the first — only small
   ``(hash, doc_id, ordinal)`` tuples are shuffled.
4. **stories**: band keys → candidate pairs (``groupByKey`` per bucket) → links
   (:func:`marsad.stories.cluster.compare` after two joins on the fingerprints) → connected
   components of the joining links (min-label propagation, one round per step of the
   longest path) → :func:`marsad.stories.cluster.cluster_links` per component.
5. **events**: mentions keyed by merge block, each carrying its document's story and link
   partners → :func:`marsad.batch.steps.canonical_records` per block.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

from ..export.tables import DOCUMENTS, EVENTS, MENTIONS, PERSONS, STORIES, event_row, mention_row, person_row, story_row
from ..ingest.readers import ReaderSettings
from ..stories.cluster import JOINING, Item, UnionFind
from . import steps
from .inputs import is_uri, list_files, read_bytes, read_file
from .output import LINKS, REJECTIONS, Summary, link_row, out_paths
from .work import Built, build, mentions_of, now, renamed_id

__all__ = ["run_spark", "spark_available"]


def spark_available() -> str | None:
    """None when pyspark and a Java runtime are there, else why not."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'marsad[spark]')"
    import shutil

    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java runtime (Spark needs Java 17 or later: set JAVA_HOME or put java on PATH)"
    return None


#: Attempts of a task in local mode. Spark's ``local[N]`` gives each task one attempt (a
#: cluster gives four, ``spark.task.maxFailures``), so one Python worker that fails to start or
#: to answer the JVM's handshake in time on a loaded machine ended the whole job. Tasks are pure
#: functions of their partition, so a retry gives the same rows.
LOCAL_TASK_ATTEMPTS = 4
#: Seconds the JVM waits for a Python worker's authentication handshake (Spark's default, 15,
#: is short on a machine with a load average of 30).
PYTHON_SOCKET_TIMEOUT = 120
_LOCAL = re.compile(r"local(?:\[(\*|\d+)\])?")


def local_master(master: str) -> str:
    """``local`` / ``local[N]`` / ``local[*]`` with :data:`LOCAL_TASK_ATTEMPTS` attempts per task
    (``local[N,F]``); any other master as given."""
    m = _LOCAL.fullmatch(master.strip())
    if m is None:
        return master
    return f"local[{m.group(1) or 1},{LOCAL_TASK_ATTEMPTS}]"


def session(master: str | None, app: str = "marsad batch") -> Any:
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run this marsad
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    b = SparkSession.builder.appName(app)
    if master:
        b = b.master(local_master(master))
    if master and master.startswith("local"):
        b = (b.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
             .config("spark.python.authenticate.socketTimeout", f"{PYTHON_SOCKET_TIMEOUT}s"))
    return b.getOrCreate()


# --- rows → Spark ----------------------------------------------------------------------


def _converter(t: pa.DataType) -> Any:
    """How a Python value of arrow type ``t`` becomes what Spark's row verifier accepts."""
    if pa.types.is_struct(t):
        names = [f.name for f in t]
        subs = [_converter(f.type) for f in t]
        return lambda v: None if v is None else tuple(c(v.get(n)) for n, c in zip(names, subs))
    if pa.types.is_list(t):
        inner = _converter(t.value_type)
        return lambda v: None if v is None else [inner(x) for x in v]
    if pa.types.is_floating(t):
        return lambda v: None if v is None else float(v)
    if pa.types.is_integer(t):
        return lambda v: None if v is None else int(v)
    return lambda v: v


def _tuples(schema: pa.Schema) -> Any:
    names = schema.names
    convs = [_converter(f.type) for f in schema]

    def convert(row: dict[str, Any]) -> tuple:
        return tuple(c(row.get(n)) for n, c in zip(names, convs))

    return convert


def _write(spark: Any, rdd: Any, schema: pa.Schema, path: str, *, partitioned: bool = True) -> None:
    from pyspark.sql.pandas.types import from_arrow_schema

    df = spark.createDataFrame(rdd.map(_tuples(schema)), from_arrow_schema(schema))
    if partitioned:
        df.repartition("year", "month").write.mode("overwrite").partitionBy("year", "month").parquet(path)
    else:
        df.coalesce(1).write.mode("overwrite").parquet(path)


# --- stages ------------------------------------------------------------------------------


def _read_local(job: tuple[int, str], rs: ReaderSettings) -> Iterable[tuple[int, Any]]:
    return read_file(job[0], job[1], rs)


#: Below this many joining links the components are found in the driver (the edge list is a
#: few MB); above it, by min-label propagation on the cluster.
SMALL_GRAPH = 2_000_000


def _components(sc: Any, edges: Any, small: int = SMALL_GRAPH) -> Any:
    """(ordinal, component label) for every ordinal on an edge: the smallest ordinal of its
    connected component."""
    if edges.count() <= small:
        uf = UnionFind()
        for a, b in edges.collect():
            uf.union(a, b)
        return sc.parallelize([(k, uf.find(k)) for k in list(uf.parent)], max(1, sc.defaultParallelism))
    n = max(2, sc.defaultParallelism)
    edges = edges.flatMap(lambda e: [e, (e[1], e[0])]).distinct(n).cache()
    labels = edges.map(lambda e: (e[0], e[0])).distinct(n)
    while True:
        proposals = edges.join(labels, n).map(lambda x: (x[1][0], x[1][1]))  # (b, label of a)
        new = labels.union(proposals).reduceByKey(min, n).cache()
        changed = new.join(labels, n).filter(lambda x: x[1][0] != x[1][1]).count()
        labels = new
        if changed == 0:
            return labels


def _log(msg: str, t0: list[float]) -> None:
    import sys
    import time

    now_ = time.perf_counter()
    if os.environ.get("MARSAD_BATCH_LOG"):
        print(f"[spark {now_ - t0[0]:7.1f}s] {msg}", file=sys.stderr, flush=True)


def run_spark(paths: Sequence[str], out: str, *, master: str | None = None, reader: ReaderSettings | None = None,
              partitions: int | None = None, small_graph: int = SMALL_GRAPH) -> Summary:
    from pyspark import StorageLevel

    import time

    t0 = [time.perf_counter()]
    rs = reader or ReaderSettings()
    spark = session(master)
    sc = spark.sparkContext
    summary = Summary(engine="spark", jobs=sc.defaultParallelism, extra={"master": sc.master})
    stored_at = now()
    p = out_paths(out)
    n_parts = partitions or max(2, sc.defaultParallelism * 4)

    files = list_files(paths)
    local = [(i, f) for i, f in enumerate(files) if not is_uri(f)]
    raws = sc.parallelize(local, max(1, len(local))).flatMap(lambda j: _read_local(j, rs)) if local else sc.emptyRDD()
    base = len(files)
    for u, uri in enumerate(f for f in files if is_uri(f)):
        fetched = sc.binaryFiles(uri).sortByKey().zipWithIndex()
        offset = (base + u) << 20  # room for a million files under one URI
        raws = raws.union(fetched.flatMap(lambda x, o=offset: read_bytes(o + x[1], x[0][0], x[0][1], rs)))
    built = raws.repartition(n_parts).map(lambda x: build(x[0], x[1])).persist(StorageLevel.MEMORY_AND_DISK)

    rejected = built.filter(lambda r: isinstance(r, dict))
    docs = built.filter(lambda r: isinstance(r, Built))
    # identity: one document per text (lowest ordinal), doc_ids renamed as the store renames them
    ids = docs.map(lambda b: (b.content_hash, (b.ordinal, b.doc_id)))
    firsts = ids.reduceByKey(min, n_parts)
    dup_ordinals = ids.map(lambda x: (x[0], x[1][0])).subtract(firsts.map(lambda x: (x[0], x[1][0])), n_parts).values().collect()
    drop = sc.broadcast(frozenset(dup_ordinals))
    collide = (firsts.map(lambda x: (x[1][1], x[1][0])).groupByKey(n_parts)
               .flatMap(lambda x: sorted(x[1])[1:]).collect())
    ren = sc.broadcast(frozenset(collide))

    def identity(b: Built) -> Built:
        if b.ordinal in ren.value:
            b.rename(renamed_id(b))
        return b

    docs = docs.filter(lambda b: b.ordinal not in drop.value).map(identity).persist(StorageLevel.MEMORY_AND_DISK)
    summary.read = built.count()
    summary.rejected = rejected.count()
    summary.documents = docs.count()
    summary.present = len(dup_ordinals)
    summary.renamed = len(collide)
    _log("built and deduplicated", t0)
    _write(spark, rejected, REJECTIONS, p["rejections"], partitioned=False)
    _write(spark, docs.map(lambda b: b.doc), DOCUMENTS, p["documents"])
    _log("documents written", t0)
    _write(spark, docs.flatMap(lambda b: [person_row(x, doc_id=b.doc_id, published=b.published) for x in b.persons]),
           PERSONS, p["persons"])
    built.unpersist()

    # stories
    slim = docs.map(lambda b: (b.ordinal, (b.doc_id, b.published, b.outlet, b.url, b.shingles, b.signature,
                                           b.passages, b.words, b.vocabulary))).persist(StorageLevel.MEMORY_AND_DISK)
    pairs = (docs.flatMap(lambda b: [(k, b.ordinal) for k in b.keys]).groupByKey(n_parts)
             .flatMap(lambda x: steps.bucket_pairs(list(x[1]))).distinct(n_parts))
    summary.candidates = pairs.count()
    _log("candidate pairs", t0)

    def item(v: tuple) -> Item:
        from ..stories.minhash import Fingerprint

        return Item(v[0], v[1], Fingerprint.from_bytes(v[4], v[5], v[6], v[7], v[8]))

    links = (pairs.join(slim, n_parts).map(lambda x: (x[1][0], (x[0], x[1][1])))  # (q, (p, info p))
             .join(slim, n_parts)  # (q, ((p, info p), info q))
             .map(lambda x: (x[1][0][0], x[0], steps.link(item(x[1][0][1]), item(x[1][1]))))
             .filter(lambda x: x[2] is not None).persist(StorageLevel.MEMORY_AND_DISK))
    summary.links = links.count()
    _log("links", t0)
    _write(spark, links.map(lambda x: link_row(x[2])), LINKS, p["links"], partitioned=False)
    # (p, q) ordered by doc_id in the link; keep ordinals with each link
    joining = links.filter(lambda x: x[2].kind in JOINING)
    labels = _components(sc, joining.map(lambda x: (x[0], x[1])), small_graph)  # (ordinal, component)
    _log("components", t0)
    comp_links = (joining.map(lambda x: (x[0], x[2])).join(labels, n_parts).map(lambda x: (x[1][1], x[1][0])).groupByKey(n_parts))
    comp_nodes = labels.join(slim, n_parts).map(lambda x: (x[1][0], (x[0], x[1][1][0]))).groupByKey(n_parts)

    def cluster(x: tuple) -> list[tuple[int, int]]:
        nodes = list(x[1][0])
        lks = list(x[1][1] or [])
        ord_of = {doc_id: o for o, doc_id in nodes}
        out = []
        for story in steps.cluster_component(list(ord_of), lks):
            ords = [ord_of[k] for k in story]
            sid = min(ords)
            out.extend((o, sid) for o in ords)
        return out

    in_comp = comp_nodes.leftOuterJoin(comp_links, n_parts).flatMap(cluster)  # (ordinal, story)
    story_of = slim.leftOuterJoin(in_comp, n_parts).map(lambda x: (x[0], x[1][1] if x[1][1] is not None else x[0])).persist()
    stories = (story_of.join(slim, n_parts).map(lambda x: (x[1][0], (x[1][1][0], x[1][1][1], x[1][1][2]))).groupByKey(n_parts)
               .map(lambda x: story_row(x[0], [v[0] for v in x[1]], [v[1] for v in x[1]], [v[2] for v in x[1]])))
    _write(spark, stories, STORIES, p["stories"])
    _log("stories written", t0)
    summary.stories = story_of.values().distinct(n_parts).count()
    summary.multi_stories = story_of.map(lambda x: (x[1], 1)).reduceByKey(lambda a, b: a + b, n_parts).filter(lambda x: x[1] > 1).count()

    # events merged per block: each mention carries its document's story and link partners
    linked = links.flatMap(lambda x: [(x[0], x[1]), (x[1], x[0])]).groupByKey(n_parts).mapValues(frozenset)
    doc_info = story_of.leftOuterJoin(linked, n_parts).mapValues(lambda v: (v[0], v[1] or frozenset()))
    mentions = docs.flatMap(lambda b: [(b.ordinal, (blk, m, b.events[i], b.doc_id, b.published, b.outlet, b.url))
                                       for i, (blk, m) in enumerate(mentions_of(b))])

    def merge_block(x: tuple) -> list[tuple[str, dict[str, Any]]]:
        block, items = x[0], list(x[1])
        story = {v[1].doc: sid for v, (sid, _l) in items}
        linkd = {v[1].doc: set(lk) for v, (_s, lk) in items}
        ms = sorted((v[1] for v, _ in items), key=lambda m: m.id)
        info = {v[1].id: {"record": v[2], "doc_id": v[3]} for v, _ in items}
        meta = {v[1].id: v for v, _ in items}
        partners = steps.partners_of_block((m.doc for m in ms), story, linkd)
        rows: list[tuple[str, dict[str, Any]]] = []
        for eid, rec, members, lead in steps.canonical_records(ms, partners, info, stored_at):
            urls = sorted(((meta[i][4] or "9999", i), meta[i][6]) for i in members if meta[i][6])
            rows.append(("E", event_row(eid, rec, lead_doc_id=info[lead]["doc_id"], source_url=urls[0][1] if urls else None)))
            for i in members:
                v = meta[i]
                rows.append(("M", mention_row(v[2], mention_id=i, event_id=eid, doc_id=v[3], published=v[4],
                                              outlet=v[5], block=block)))
        return rows

    merged = (mentions.join(doc_info, n_parts).map(lambda x: (x[1][0][0], (x[1][0], x[1][1]))).groupByKey(n_parts)
              .flatMap(merge_block).persist(StorageLevel.MEMORY_AND_DISK))
    events = merged.filter(lambda r: r[0] == "E").map(lambda r: r[1])
    _write(spark, events, EVENTS, p["events"])
    _log("events written", t0)
    _write(spark, merged.filter(lambda r: r[0] == "M").map(lambda r: r[1]), MENTIONS, p["mentions"])
    summary.events = events.count()
    summary.multi_events = events.filter(lambda r: (r["num_articles"] or 1) > 1).count()
    summary.mentions = merged.filter(lambda r: r[0] == "M").count()
    for r in (docs, slim, links, story_of, merged):
        r.unpersist()
    return summary
