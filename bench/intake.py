#!/usr/bin/env python3
"""Time `build_issue.py import` on the seven documents of source/2024-02 written as .docx
(by the tests' GB/T 9704 helper; LibreOffice is not involved): the real command in fresh
processes, median of several runs, and the import alone inside one process.

    .venv/bin/python bench/intake.py [--runs 7]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "intake"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from test_roundtrip import make_word_files

    from typeset.intake import import_files
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "word").mkdir()
        paths = make_word_files(tmp / "word")
        cli, inproc = [], []
        for n in range(args.runs):
            out = tmp / f"cli{n}"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "build_issue.py"), "import", *map(str, paths),
                            "--into", str(out)], check=True, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            import_files(paths, tmp / f"in{n}")
            inproc.append(time.perf_counter() - t0)
            shutil.rmtree(out)
        print(f"import of {len(paths)} .docx files (2024-02): command {statistics.median(cli):.3f} s "
              f"(median of {args.runs}, fresh processes), import_files {statistics.median(inproc):.3f} s "
              f"(median, in one process)")


if __name__ == "__main__":
    main()
