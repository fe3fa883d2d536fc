"""build_issue.py --watch, run as a user runs it: a subprocess on a copy of tests/issues/mini,
edited while it watches, then stopped with Ctrl-C (SIGINT)."""
from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^\[\d\d:\d\d:\d\d\] (?P<folder>\S+): (?P<pages>\d+) pages, (?P<s>[\d.]+) s "
                  r"\((?P<composed>\d+) composed, (?P<reused>\d+) reused, (?P<drawn>\d+) of "
                  r"(?P=pages) page images drawn\) -> \S+; verified: ")


class Watcher:
    def __init__(self, src: Path, out: Path):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build_issue.py"), str(src), "--out", str(out), "--watch"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.lines: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        for stream, name in ((self.proc.stdout, "out"), (self.proc.stderr, "err")):
            threading.Thread(target=self._pump, args=(stream, name), daemon=True).start()

    def _pump(self, stream, name):
        for line in stream:
            if name == "err":
                self.stderr.append(line)
            self.lines.put((name, line.rstrip("\n")))

    def next(self, timeout: float = 20) -> tuple[str, str]:
        """The next build's line (stdout: a verdict, stderr: an error)."""
        end = time.monotonic() + timeout
        while True:
            name, line = self.lines.get(timeout=max(0.01, end - time.monotonic()))
            if line.startswith("watching "):
                continue
            return name, line


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_watch_rebuilds_on_save_reuses_work_survives_errors_and_stops_on_ctrl_c(tmp_path):
    src = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", src)
    out = tmp_path / "out"
    build_id = out / "mini" / "proof" / "build-id"
    w = Watcher(src, out)
    try:
        name, line = w.next(timeout=60)
        first = LINE.match(line)
        assert name == "out" and first, line
        pages = int(first["pages"])
        assert int(first["drawn"]) == pages and int(first["reused"]) == 0
        id1 = build_id.read_text()

        f = src / "a-tongzhi.txt"
        text = f.read_text(encoding="utf-8")
        write(f, text.replace("负责本辖区植树工作", "负责本辖区工作植树"))   # same characters
        name, line = w.next()
        second = LINE.match(line)
        assert name == "out" and second, line
        assert build_id.read_text() != id1
        assert 0 < int(second["drawn"]) < pages                  # only the edited page redrawn
        assert 0 < int(second["composed"]) < int(second["reused"])
        assert float(second["s"]) < float(first["s"])

        broken = text.replace("@sign ", "@sgin ")
        write(f, broken)
        name, line = w.next()
        n = broken.splitlines().index(next(ln for ln in broken.splitlines()
                                           if ln.startswith("@sgin"))) + 1
        assert name == "err" and re.match(rf"^error: \S*a-tongzhi\.txt:{n}: "
                                          r"unknown directive @sgin", line), line
        assert build_id.read_text() != id1                        # a failed build writes nothing
        write(f, text)                                            # fixed again
        name, line = w.next()
        assert name == "out" and LINE.match(line), line
        assert build_id.read_text() == id1                        # the first build's output again
        assert w.proc.poll() is None                              # still watching
    finally:
        w.proc.send_signal(signal.SIGINT)
        try:
            code = w.proc.wait(15)
        except subprocess.TimeoutExpired:
            w.proc.kill()
            raise
    time.sleep(0.1)
    err = "".join(w.stderr)
    assert code in (0, 130)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
