"""Score marsad on the union of gold sets ("the whole gold"): the gold files of every given set
copied into one temporary folder, then ``marsad eval --gold`` on it (entity gold off).

    .venv/bin/python scripts/whole_gold.py [eval/gold eval/heldout eval/heldout2 eval/heldout3] [--json]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT = ["eval/gold", "eval/heldout", "eval/heldout2", "eval/heldout3"]


def main(argv: list[str]) -> int:
    extra = [a for a in argv if a.startswith("--")]
    sets = [a for a in argv if not a.startswith("--")] or DEFAULT
    with tempfile.TemporaryDirectory(prefix="marsad-whole-gold-") as tmp:
        for root in sets:
            for path in sorted(Path(root).glob("*/*.json")):
                dest = Path(tmp) / path.parent.name / path.name
                if dest.exists():
                    print(f"{path}: annotated in two sets; the first kept", file=sys.stderr)
                    continue
                dest.parent.mkdir(exist_ok=True)
                shutil.copyfile(path, dest)
        cmd = [sys.executable, "-m", "marsad.cli", "eval", "--gold", tmp, "--entities", str(Path(tmp) / "none"), *extra]
        return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
