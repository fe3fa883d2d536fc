#!/usr/bin/env python3
"""Time `build_issue.py --watch` on a copy of source/2024-02: from the write of a one-paragraph
edit to the new build-id next to proof/index.html (the rebuilt PDF and the proof that the open
page reloads to). Two edits, each undone and redone in turn:

  swap    two characters of a paragraph swapped (its lines keep their count: one page changes)
  insert  40 of the paragraph's own characters added at its end (the text after it reflows)

Both keep the issue's character set, so the font subsets stay (an edit that brings a character
new to a font role prepares that font's subset again: see the README).

    .venv/bin/python bench/watch.py [--runs 8]
"""
from __future__ import annotations

import argparse
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "2024-02"
FILE = "03-kongqi.txt"
LINE = re.compile(r"\((\d+) composed, (\d+) reused, (\d+) of (\d+) page images drawn\)")


def edits(text: str) -> dict[str, str]:
    lines = text.split("\n")
    k = next(i for i, ln in enumerate(lines) if len(ln) > 120 and not ln.startswith(("@", "#"))
             and i > len(lines) // 3)
    ln = lines[k]
    j = next(i for i in range(20, len(ln) - 1) if "\u4e00" <= ln[i] <= "\u9fff" and
             "\u4e00" <= ln[i + 1] <= "\u9fff" and ln[i] != ln[i + 1])
    swap = ln[:j] + ln[j + 1] + ln[j] + ln[j + 2:]
    clause = "".join(c for c in ln if "\u4e00" <= c <= "\u9fff")[:40]   # about two lines more
    insert = ln[:-1] + "，" + clause + ln[-1:] if ln.endswith("。") else ln + clause
    return {name: "\n".join(lines[:k] + [new] + lines[k + 1:])
            for name, new in (("swap", swap), ("insert", insert))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=8, help="edits of each kind (default 8)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    try:
        src = tmp / SOURCE.name
        shutil.copytree(SOURCE, src)
        target = src / FILE
        original = target.read_text(encoding="utf-8")
        variants = edits(original)
        build_id = tmp / "out" / src.name / "proof" / "build-id"
        proc = subprocess.Popen([sys.executable, str(ROOT / "build_issue.py"), str(src), "--out",
                                 str(tmp / "out"), "--watch"], cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x.rstrip()) for x in proc.stdout],
                         daemon=True).start()

        def verdict(timeout=60) -> str:
            while True:
                line = lines.get(timeout=timeout)
                if line.startswith("error: "):
                    raise SystemExit(f"bench: the build failed: {line}")
                if line.startswith("["):
                    return line

        first = verdict()
        print("first build:", first.split(" -> ")[0])
        results: dict[str, list[tuple[float, float, str]]] = {k: [] for k in variants}
        for n in range(args.runs):
            for name, edited in variants.items():
                for text in (edited, original):     # the edit, then its undo
                    before = build_id.read_text()
                    time.sleep(0.4)                 # a pause, as between two saves
                    target.write_text(text, encoding="utf-8")
                    t0 = time.perf_counter()
                    while build_id.read_text() == before:
                        time.sleep(0.002)
                    seconds = time.perf_counter() - t0
                    line = verdict()
                    build = float(re.search(r"pages, ([\d.]+) s", line).group(1))
                    m = LINE.search(line)
                    results[name].append((seconds, build, f"{m[3]} of {m[4]} images drawn, "
                                                          f"{m[1]} composed"))
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
        print(f"{'edit':<8} {'save -> new build-id':>22} {'build itself':>14}   (medians of "
              f"{2 * args.runs}; max)")
        for name, rows in results.items():
            save = [r[0] for r in rows]
            build = [r[1] for r in rows]
            print(f"{name:<8} {statistics.median(save):8.3f} s (max {max(save):.3f})"
                  f" {statistics.median(build):8.3f} s   e.g. {rows[0][2]}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
