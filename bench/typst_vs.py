#!/usr/bin/env python3
"""Time our build against Typst on the same content (2024-02), side by side and interleaved in one run.

    python3 bench/typst_vs.py [--runs 11] [--quick] [--markdown FILE]

Every timed command is a fresh process, run the way a user runs it. Each of our commands is paired
with a Typst run right next to it (the order inside a pair alternates from round to round), so both
see the same load on the machine; a ratio is our median over the median of the Typst runs paired
with it. Typst (PyPI `typst`, the Python binding that bundles the compiler; it ships no command
line program) is installed into a venv of the benchmark's own, .cache/bench-venv, on the first run.
The Typst source comes from ../shared/peers/make_inputs.py and the seed of 2024-02.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PY, ROOT, SOURCE, Run, copies, median, run  # noqa: E402

TYPST_VERSION = "0.15.0"
VENV = ROOT / ".cache" / "bench-venv"
SEED = "seeds/000_e8ad83ac24e3510e.txt"     # the same content as source/2024-02
# the paragraph edit between two builds: one wording fix in the first paragraph of 01-anquan.txt
EDIT_FILE, EDIT_FROM, EDIT_TO = "01-anquan.txt", "坚决杜绝重特大事故", "坚决防范重特大事故"
# Typst in a fresh process, the way a Python user runs it (the package has no CLI)
TYPST_ONE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"
TYPST_MANY = ("import sys, typst\n"
              "for src, out in zip(sys.argv[1::2], sys.argv[2::2]):\n"
              "    typst.compile(src, output=out)\n")
TYPST_IN_PROCESS = """\
import json, sys, time
t = time.perf_counter(); import typst; imported = time.perf_counter() - t
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter(); typst.compile(sys.argv[1], output=sys.argv[2])
    times.append(time.perf_counter() - t)
print(json.dumps({"import": imported, "times": times}))
"""
GOALS = {"noproof": 1.0, "edit": 2.0, "first": 3.0, "ten": 1.0}
SHORT = {"noproof": "`--no-proof`", "edit": "default command after an edit",
         "first": "default command, first build", "ten": "10 issues `--no-proof`"}


def typst_python(venv: Path) -> Path:
    """The bench venv's python with Typst importable; made (python3 -m venv, pip) when missing."""
    py = venv / "bin" / "python"
    check = [str(py), "-c", f"import importlib.metadata as m; assert m.version('typst') == '{TYPST_VERSION}'"]
    if py.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return py
    print(f"installing typst=={TYPST_VERSION} into {venv} (first run) ...", flush=True)
    subprocess.run([shutil.which("python3") or sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    f"typst=={TYPST_VERSION}"], check=True)
    subprocess.run(check, check=True)
    return py


def check_typst_fonts(pdf: Path) -> None:
    """Typst falls back to its own Latin fonts silently: make sure it found the Noto CJK faces."""
    data = pdf.read_bytes()
    missing = [f for f in (b"NotoSerifCJKsc-Regular", b"NotoSansCJKsc-Bold") if f not in data]
    if missing:
        raise SystemExit(f"Typst's PDF {pdf} does not use {', '.join(m.decode() for m in missing)}: "
                         "install the Noto CJK fonts (Debian fonts-noto-cjk) so that Typst finds them")


class Bench:
    """The commands, each a function that runs one fresh process and returns (seconds, MB)."""

    def __init__(self, tmp: Path, typst_py: Path, shared: Path):
        self.tmp, self.typst_py = tmp, typst_py
        # Typst's source, once, and ten copies in their own folders for the volume
        self.typ = tmp / "typst" / "gazette.typ"
        subprocess.run([sys.executable, shared / "peers" / "make_inputs.py", shared / SEED,
                        self.typ.parent], check=True, stdout=subprocess.DEVNULL)
        self.typ_volume = []
        for k in range(1, 11):
            d = tmp / "typst-volume" / f"2024-{k:02d}"
            d.mkdir(parents=True)
            shutil.copy(self.typ, d / "gazette.typ")
            self.typ_volume.append(d / "gazette.typ")
        # our sources: the real folder; a copy to edit; ten copies under different names
        self.edit_source = tmp / "edit" / SOURCE.name
        shutil.copytree(SOURCE, self.edit_source)
        self.edit_doc = self.edit_source / EDIT_FILE
        self.versions = [self.edit_doc.read_text(encoding="utf-8")]
        assert self.versions[0].count(EDIT_FROM) == 1, f"{EDIT_FILE}: the edited phrase moved"
        self.versions.append(self.versions[0].replace(EDIT_FROM, EDIT_TO))
        self.edits = 0
        self.volume = copies(SOURCE, tmp / "volume", 10)
        self.firsts = 0

    def ours(self, *args):
        return run([PY, "build_issue.py", *args], cwd=ROOT)

    def noproof(self):
        return self.ours("source/2024-02", "--out", self.tmp / "out-noproof", "--no-proof")

    def edit(self):
        """The default command (proof images included) after one paragraph changed since the last build."""
        self.edits += 1
        self.edit_doc.write_text(self.versions[self.edits % 2], encoding="utf-8")
        return self.ours(self.edit_source, "--out", self.tmp / "out-edit")

    def first(self):
        """The default command into an empty output folder: every proof image drawn."""
        self.firsts += 1
        out = self.tmp / f"out-first-{self.firsts}"
        shutil.rmtree(self.tmp / f"out-first-{self.firsts - 1}", ignore_errors=True)
        return self.ours("source/2024-02", "--out", out)

    def ten(self):
        return self.ours(*self.volume, "--out", self.tmp / "out-volume", "--no-proof")

    def typst(self):
        return run([self.typst_py, "-c", TYPST_ONE, self.typ, self.tmp / "typst.pdf"])

    def typst_ten(self):
        """Ten Typst compiles, one process each: the CLI takes one input, and so would a user."""
        each = [run([self.typst_py, "-c", TYPST_ONE, t, t.with_suffix(".pdf")]) for t in self.typ_volume]
        return Run(sum(r.seconds for r in each), max(r.mb for r in each), sum(r.cpu for r in each))

    def typst_ten_one_process(self):
        args = [a for t in self.typ_volume for a in (t, t.with_suffix(".pdf"))]
        return run([self.typst_py, "-c", TYPST_MANY, *args])

    def typst_in_process(self, n: int) -> dict:
        out = subprocess.run([self.typst_py, "-c", TYPST_IN_PROCESS, self.typ, self.tmp / "in.pdf", str(n)],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out)


def measure(bench: Bench, runs: int, quick: bool) -> dict[str, list]:
    """Interleaved rounds; one warm-up round first (font cache, page cache, the edit's previous build)."""
    pairs = [("noproof", bench.noproof, "typst@noproof", bench.typst),
             ("edit", bench.edit, "typst@edit", bench.typst),
             ("first", bench.first, "typst@first", bench.typst),
             ("ten", bench.ten, "typst_ten", bench.typst_ten)]
    samples: dict[str, list] = {}
    for r in range(runs + 1):
        for ours, f, theirs, g in pairs:
            order = [(ours, f), (theirs, g)] if r % 2 else [(theirs, g), (ours, f)]
            for name, fn in order:
                value = fn()
                if r:
                    samples.setdefault(name, []).append(value)
        if not quick:
            value = bench.typst_ten_one_process()
            if r:
                samples.setdefault("typst_ten_one", []).append(value)
        if r == 0:
            check_typst_fonts(bench.tmp / "typst.pdf")
        print(f"  round {r}/{runs}{' (warm-up)' if r == 0 else ''}: load {os.getloadavg()[0]:.2f}",
              file=sys.stderr, flush=True)
    return samples


COLUMNS = ("command", "median", "Typst (paired)", "× Typst", "goal", "met?", "CPU, ours / Typst's",
           "peak memory")
NAMES = {"noproof": "`build_issue.py source/2024-02 --no-proof` (verifies)",
         "edit": "default command (proof images) after a one-paragraph edit",
         "first": "default command, first build (all proof images)",
         "ten": "10 issues in one run, `--no-proof` (Typst: ten fresh processes)"}
PARTNER = {"noproof": "typst@noproof", "edit": "typst@edit", "first": "typst@first", "ten": "typst_ten"}


def table(samples: dict[str, list], in_process: dict) -> list[tuple]:
    """Rows of COLUMNS: times are medians, peak memory the largest of the runs."""
    t = {k: median(r.seconds for r in v) for k, v in samples.items()}
    cpu = {k: median(r.cpu for r in v) for k, v in samples.items()}
    mem = {k: max(r.mb for r in v) for k, v in samples.items()}
    met = lambda ratio, goal: "yes" if ratio <= goal else "no"  # noqa: E731
    rows = []
    for k, label in NAMES.items():
        ratio, p = t[k] / t[PARTNER[k]], PARTNER[k]
        rows.append((label, f"{t[k]:.2f} s", f"{t[p]:.2f} s", f"{ratio:.2f}", f"≤ {GOALS[k]:.1f}",
                     met(ratio, GOALS[k]), f"{cpu[k]:.2f} / {cpu[p]:.2f} s", f"{mem[k]:.0f} MB"))
    for k in NAMES:
        ratio, p = mem[k] / mem[PARTNER[k]], PARTNER[k]
        rows.append((f"peak memory, {SHORT[k]}", f"{mem[k]:.0f} MB", f"{mem[p]:.0f} MB", f"{ratio:.2f}",
                     "≤ 1.0", met(ratio, 1.0), "", ""))
    one = [r for k in ("typst@noproof", "typst@edit", "typst@first") for r in samples[k]]
    rows.append(("Typst, one compile (fresh `python -c` process), all its runs",
                 f"{median(r.seconds for r in one):.2f} s", "", "", "", "",
                 f"{median(r.cpu for r in one):.2f} s", f"{max(r.mb for r in one):.0f} MB"))
    if "typst_ten_one" in samples:
        k = "typst_ten_one"
        rows.append(("Typst, ten compiles in one process (reference; × is our 10 issues over it)",
                     f"{t[k]:.2f} s", "", f"{t['ten'] / t[k]:.2f}", "", "", f"{cpu[k]:.2f} s",
                     f"{mem[k]:.0f} MB"))
    times = in_process["times"]
    rows.append((f"Typst in-process `typst.compile` (reference): first call; median of the next "
                 f"{len(times) - 1}", f"{times[0]:.2f} s; {median(times[1:]):.2f} s", "", "", "", "", "", ""))
    rows.append(("a fresh `python -c \"import typst\"` (start-up inside every Typst row)",
                 f"{median(r.seconds for r in samples['typst_startup']):.3f} s", "", "", "", "", "", ""))
    return rows


def render(rows, header: str) -> tuple[str, str]:
    widths = [max(len(str(r[i])) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    text = "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in [COLUMNS, *rows])
    md = "\n".join(["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
                   + ["| " + " | ".join(str(c) for c in r) + " |" for r in rows])
    return header + "\n" + text, header + "\n\n" + md + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11, help="timed rounds (default 11; 3 with --quick)")
    ap.add_argument("--quick", action="store_true", help="3 rounds, no ten-in-one-process reference")
    ap.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown to FILE")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (seeds, peers)")
    ap.add_argument("--venv", default=str(VENV), help=f"the benchmark's venv for Typst (default {VENV})")
    args = ap.parse_args()
    runs = 3 if args.quick and args.runs == 11 else args.runs
    shared = Path(args.shared)
    if not (shared / SEED).exists():
        raise SystemExit(f"{shared / SEED} not found: give the shared folder with --shared DIR")
    typst_py = typst_python(Path(args.venv))
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="typst-vs-") as tmp:
        bench = Bench(Path(tmp), typst_py, shared)
        samples = measure(bench, runs, args.quick)
        in_process = bench.typst_in_process(1 + max(runs, 3))
        samples["typst_startup"] = [run([typst_py, "-c", "import typst"]) for _ in range(5)]
    load_after = os.getloadavg()
    header = (f"medians of {runs} interleaved rounds, fresh processes; commit {commit}; Typst {TYPST_VERSION}; "
              f"Python {platform.python_version()}; {os.cpu_count()} CPUs; load average "
              f"{load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)")
    text, md = render(table(samples, in_process), header)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(md, encoding="utf-8")


if __name__ == "__main__":
    main()
