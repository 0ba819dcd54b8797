"""Peak memory of ``marsad ingest`` on one very large document (issue 14, case 9).

    .venv/bin/python bench/hostile_memory.py [--mb 9] [--db PATH_OR_URL] [--kind mixed|repeat|noise]

Writes one JSONL record whose text is about ``--mb`` megabytes (UTF-8) of sentences written
for this benchmark, recombined at random (``mixed``: paragraphs of varied news sentences
with dates, places, persons and events; ``repeat``: one event sentence repeated with commas
and no full stop; ``noise``: Arabic words without punctuation), then runs the real
``marsad ingest`` on it in a child process and prints the child's peak RSS (the goal is
under 500 MB) and its wall time. The default input stays under ``max_doc_bytes`` (10 MiB).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "استقبل رئيس الوزراء الأردني في عمان أمس وزير الخارجية المصري لبحث التعاون بين البلدين.",
    "وقعت مصر والسعودية الأحد الماضي اتفاقية لتعزيز الاستثمار في قطاع الطاقة.",
    "أدانت وزارة الخارجية الفرنسية الهجوم الذي استهدف قافلة إغاثة شمال سوريا في 12 مارس 2018.",
    "وقال المتحدث باسم الحكومة إن الوفد سيزور بغداد الأسبوع المقبل لاستكمال المحادثات.",
    "ودعا الأمين العام للأمم المتحدة إلى وقف فوري لإطلاق النار في اليمن.",
    "وأعلنت الشرطة اعتقال ثلاثة أشخاص يشتبه في تورطهم في عملية السطو على أحد المصارف.",
    "وشارك في الاجتماع ممثلون عن الاتحاد الأوروبي وجامعة الدول العربية، إضافة إلى خبراء مستقلين.",
    "وارتفعت أسعار النفط بنسبة 3 في المئة يوم الثلاثاء بعد تراجع المخزونات الأمريكية.",
    "ومن المنتظر أن يصدر بيان مشترك في ختام الزيارة التي تستمر يومين.",
    "وأكد الرئيس التونسي خلال لقائه السفير الألماني حرص بلاده على تطوير العلاقات الثنائية.",
]
WORDS = "الوفد الحكومة المطار زيارة التعاون الاستثمار الطاقة الأمن المنطقة البلدين الجانبين".split()


def make_text(mb: float, kind: str, rng: random.Random) -> str:
    target = int(mb * 1024 * 1024)
    parts: list[str] = []
    size = 0
    while size < target:
        if kind == "repeat":
            piece = "أدان الأردن الهجوم على مصر، "
        elif kind == "noise":
            piece = " ".join(rng.choice(WORDS) for _ in range(50)) + " "
        else:
            piece = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6))) + "\n"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=9.0)
    ap.add_argument("--kind", choices=("mixed", "repeat", "noise"), default="mixed")
    ap.add_argument("--db", default=None, help="database (default: a fresh SQLite file)")
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        text = make_text(args.mb, args.kind, rng)
        path = Path(tmp) / "big.jsonl"
        record = {"id": "big", "title": "وثيقة كبيرة", "published": "2018-03-14", "text": text}
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        db = args.db or str(Path(tmp) / "m.db")
        marsad = str(Path(sys.executable).with_name("marsad"))
        start = time.perf_counter()
        proc = subprocess.run([marsad, "ingest", str(path), "--db", db, "--json", "--quiet"],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError:
            report = {"error": proc.stderr[-2000:]}
    mib = path.stat().st_size / 1024 / 1024 if path.exists() else len(text.encode()) / 1024 / 1024
    print(f"document: {len(text.encode('utf-8')) / 1024 / 1024:.1f} MiB UTF-8, {len(text):,} characters ({args.kind})")
    print(f"ingest exit {proc.returncode}: stored {report.get('stored')}, events {report.get('events')}, "
          f"rejected {report.get('rejected')}  {[r.get('code') for r in report.get('rejections', [])]}")
    print(f"peak RSS {peak_mb:.0f} MB (goal < 500 MB), wall {wall:.1f} s")
    del mib


if __name__ == "__main__":
    main()
