#!/usr/bin/env python3
"""What the press file (--print) adds to a build of source/2024-02: wall time and CPU time of the
real command in fresh processes, with and without --print, runs interleaved, medians; with
--no-proof and with the proof.

    .venv/bin/python bench/press.py [--runs 9]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PY, ROOT, SOURCE, median  # noqa: E402
from common import run as run_process  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        for proof in (["--no-proof"], []):
            cmd = [PY, ROOT / "build_issue.py", SOURCE, "--out", out, "--quiet", *proof]
            run_process(cmd + ["--print"])                       # fill the font cache
            plain, press = [], []
            for _ in range(args.runs):
                plain.append(run_process(cmd))
                press.append(run_process(cmd + ["--print"]))
            label = "--no-proof" if proof else "with proof"
            for what in ("seconds", "cpu"):
                a = median(getattr(r, what) for r in plain)
                b = median(getattr(r, what) for r in press)
                print(f"2024-02 {label}, {what:7}: {a:.3f} s without --print, {b:.3f} s with "
                      f"({(b - a) / a:+.1%}), medians of {args.runs} interleaved runs")


if __name__ == "__main__":
    main()
