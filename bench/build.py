#!/usr/bin/env python3
"""Time the full build of source/2024-02: cold (empty font cache) and warm, medians of several
runs of the real command in fresh processes, with peak memory; and how cost grows with a volume
of 10 issues and with a table of 870 rows.

    .venv/bin/python bench/build.py [--runs 11] [--cold-runs 3]
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PY, ROOT, SOURCE, copies, median_of  # noqa: E402
from common import run as run_process  # noqa: E402


def run(folders, out, env=None) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one `build_issue.py` process."""
    return run_process([PY, ROOT / "build_issue.py", *folders, "--out", out, "--no-proof", "--quiet"],
                       env=env)


def big_table_issue(tmp: Path, copies: int) -> Path:
    """2024-02 with the land table's rows repeated `copies` times (87 × copies plot rows)."""
    dst = tmp / f"table-x{copies}"
    shutil.copytree(SOURCE, dst)
    doc = dst / "02-tudi.txt"
    text = doc.read_text(encoding="utf-8").replace("@printed-break\n", "")
    rows = re.findall(r"^\d+ \|.*$", text, re.M)
    block = "\n".join(rows)
    assert block in text
    text = text.replace(block, "\n".join([block] * copies), 1)
    doc.write_text(text, encoding="utf-8")
    return dst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--cold-runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "out"
        run([SOURCE], out)                                   # fill the cache
        warm, warm_peak = median_of(args.runs, lambda: run([SOURCE], out))

        def cold():
            cache = Path(tempfile.mkdtemp(dir=tmp))
            return run([SOURCE], out, {"TYPESET_FONT_CACHE": str(cache)})
        cold_s, cold_peak = median_of(args.cold_runs, cold)
        print(f"2024-02 warm: median {warm:.2f} s of {args.runs} runs, peak {warm_peak:.0f} MB")
        print(f"2024-02 cold: median {cold_s:.2f} s of {args.cold_runs} runs (empty font cache), "
              f"peak {cold_peak:.0f} MB")

        volume = copies(SOURCE, tmp / "vol", 10)
        ten, ten_peak = median_of(3, lambda: run(volume, tmp / "vol-out"))
        print(f"volume of 10 issues: {ten:.2f} s = {ten / warm:.1f}× one issue (goal ≤ 11×), "
              f"peak {ten_peak:.0f} MB")

        small = big_table_issue(tmp, 1)
        large = big_table_issue(tmp, 10)
        t1, _ = median_of(3, lambda: run([small], tmp / "t-out"))
        t10, p10 = median_of(3, lambda: run([large], tmp / "t-out"))
        print(f"870-row table: {t10:.2f} s against {t1:.2f} s with 87 rows = {t10 / t1:.1f}× "
              f"(goal ≤ 11×), peak {p10:.0f} MB")


if __name__ == "__main__":
    main()
