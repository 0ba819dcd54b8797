"""Batch throughput and memory: ``marsad batch`` over the archive with the local pool and with
Spark, side by side.

    python bench/batch.py                      # whole archive (62,513 articles), both engines
    python bench/batch.py --limit 2000 --check # a slice, and parity with 'marsad ingest'

For each engine it runs ``marsad batch`` as a child process and samples, every half second,
the resident memory of its process tree: the driver (the marsad process), the JVM (Spark's
driver and executors in local mode) and the Python workers (pool processes or PySpark
workers), and prints documents per second, each one's peak and Spark's overhead against the
local pool (wall-clock ratio). ``--check`` also ingests the same input into a fresh SQLite
database and compares documents, event mentions, stories and merged events with each
batch result (marsad.batch.parity).

Figures depend on the machine and on what else runs on it: on a shared machine they are
pessimistic.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared")) / "archive"
MARSAD = str(Path(sys.executable).with_name("marsad"))


_TICK = os.sysconf("SC_CLK_TCK")


def _tree(root: int, cpu: dict[int, float] | None = None) -> dict[int, tuple[int, str]]:
    """pid → (rss bytes, command) for ``root`` and its descendants; ``cpu`` gets each one's
    user + system CPU seconds so far."""
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(d)] = int(fields[1])
                times[int(d)] = (int(fields[11]) + int(fields[12])) / _TICK
            except (OSError, IndexError, ValueError):
                pass
    pids, todo = {root}, [root]
    while todo:
        p = todo.pop()
        for c, pp in parent.items():
            if pp == p and c not in pids:
                pids.add(c)
                todo.append(c)
    out = {}
    for p in pids:
        if cpu is not None and p in times:
            cpu[p] = max(cpu.get(p, 0.0), times[p])
        try:
            with open(f"/proc/{p}/status") as f:
                rss = next((int(x.split()[1]) * 1024 for x in f if x.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            out[p] = (rss, cmd)
        except OSError:
            pass
    return out


def _children_cpu() -> float:
    """User + system CPU seconds of the children waited for so far (a child's own waited-for
    descendants included: pool workers, the JVM and its Python workers)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd: list[str], env: dict[str, str] | None = None, log: str | None = None) -> dict[str, float]:
    """Run ``cmd``; wall seconds, CPU seconds (user + system of the process tree) and peak
    RSS (MB) of driver, JVM and workers. ``log``: append the child's stderr to this file."""
    t0 = time.perf_counter()
    cpu0 = _children_cpu()
    err = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env)
    peak = {"driver_mb": 0.0, "jvm_mb": 0.0, "workers_mb": 0.0, "total_mb": 0.0}
    sampled: dict[int, float] = {}
    while proc.poll() is None:
        tree = _tree(proc.pid, sampled)
        cur = {"driver_mb": 0.0, "jvm_mb": 0.0, "workers_mb": 0.0}
        for pid, (rss, c) in tree.items():
            key = "driver_mb" if pid == proc.pid else ("jvm_mb" if "java" in c.split(" ")[0] else "workers_mb")
            cur[key] += rss / 2**20
        cur["total_mb"] = sum(cur.values())
        for k, v in cur.items():
            peak[k] = max(peak[k], v)
        time.sleep(0.5)
    out = proc.stdout.read().decode() if proc.stdout else ""
    if log:
        err.close()  # type: ignore[union-attr]
    # CPU: what the kernel counted for waited-for children, or (when a grandchild was not
    # waited for, as Spark's Python workers) the per-process samples, whichever is larger
    cpu = max(_children_cpu() - cpu0, sum(sampled.values()))
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}")
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": round(cpu), **{k: round(v) for k, v in peak.items()}, "output": out}


def slice_input(limit: int, tmp: Path) -> list[str]:
    """The first ``limit`` articles of the archive (half from each corpus), as one JSONL file."""
    files = sorted(ARCHIVE.glob("*.jsonl.gz"))
    path = tmp / f"archive-{limit}.jsonl"
    per = [limit // len(files) + (1 if i < limit % len(files) else 0) for i in range(len(files))]
    with open(path, "w", encoding="utf-8") as out:
        for f, n in zip(files, per):
            with gzip.open(f, "rt", encoding="utf-8") as src:
                for i, line in enumerate(src):
                    if i >= n:
                        break
                    out.write(line)
    return [str(path)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (default: the whole archive)")
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--check", action="store_true", help="also ingest into SQLite and compare (parity)")
    ap.add_argument("--keep", help="keep outputs in this folder")
    ap.add_argument("--log", help="append each run's stderr (progress, MARSAD_BATCH_LOG) to this file")
    args = ap.parse_args()
    if not ARCHIVE.is_dir():
        raise SystemExit(f"archive not found at {ARCHIVE} (set MARSAD_SHARED)")
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="marsad-bench-batch-"))
    tmp.mkdir(parents=True, exist_ok=True)
    inputs = slice_input(args.limit, tmp) if args.limit else [str(p) for p in sorted(ARCHIVE.glob("*.jsonl.gz"))]
    print(f"input: {', '.join(inputs)}  (cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f})", flush=True)
    results: dict[str, dict] = {}
    for engine in args.engines.split(","):
        out = tmp / f"out-{engine}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [MARSAD, "batch", *inputs, "--out", str(out), "--engine", engine, "--jobs", str(args.jobs), "--json", "-q"]
        if engine == "spark":
            cmd += ["--master", args.master]
        r = run(cmd, log=args.log)
        summary = json.loads(r.pop("output"))
        r["documents"] = summary["documents"]
        r["docs_per_s"] = round(summary["documents"] / r["seconds"], 1)
        r["summary"] = {k: summary[k] for k in ("read", "documents", "rejected", "mentions", "events", "multi_events",
                                               "stories", "multi_stories", "links")}
        results[engine] = r
        print(f"{engine:6} {r['documents']} documents in {r['seconds']:.0f} s = {r['docs_per_s']} docs/s, "
              f"{r['cpu_seconds']} CPU s; peak RSS MB: "
              f"driver {r['driver_mb']}, JVM {r['jvm_mb']}, workers {r['workers_mb']}, total {r['total_mb']}  "
              f"(load average now {os.getloadavg()[0]:.1f})", flush=True)
        print(f"       {r['summary']}", flush=True)
    if "local" in results and "spark" in results:
        ratio = results["spark"]["seconds"] / results["local"]["seconds"]
        print(f"spark overhead vs local pool: {ratio:.2f}x wall time "
              f"({results['spark']['seconds'] - results['local']['seconds']:+.0f} s)", flush=True)
    if args.check:
        from marsad.batch.parity import diff, from_output, from_store

        db = tmp / "ingest.db"
        for p in tmp.glob("ingest.db*"):
            p.unlink()
        r = run([MARSAD, "ingest", *inputs, "--db", str(db), "--jobs", str(args.jobs)])
        print(f"ingest {r['seconds']:.0f} s; peak RSS MB total {r['total_mb']}", flush=True)
        ref = from_store(str(db))
        for engine in results:
            d = diff(ref, from_output(str(tmp / f"out-{engine}")))
            bad = {k: v for k, v in d.items() if v["only_left"] or v["only_right"]}
            print(f"parity ingest vs {engine}: {'same' if not bad else 'DIFFERENT'} {json.dumps(d)}", flush=True)
    print(json.dumps({k: {kk: vv for kk, vv in v.items()} for k, v in results.items()}), flush=True)


if __name__ == "__main__":
    main()
