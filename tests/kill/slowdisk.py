"""Run build_issue.py as on a slow disk: each binary write of 16 KB or more goes out in 4 KB pieces,
1 ms apart, so that a SIGKILL can land in the middle of writing the PDF. The build code is not
changed; only Python's open() is wrapped.

    python tests/kill/slowdisk.py ISSUE_FOLDER [build_issue options]
"""
from __future__ import annotations

import builtins
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 4096
_open = io.open


class SlowFile:
    def __init__(self, f):
        self._f = f

    def write(self, data):
        if len(data) < 4 * CHUNK:
            return self._f.write(data)
        for k in range(0, len(data), CHUNK):
            self._f.write(data[k:k + CHUNK])
            self._f.flush()
            time.sleep(0.001)
        return len(data)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._f.__exit__(*exc)


def slow_open(file, mode="r", *args, **kwargs):
    f = _open(file, mode, *args, **kwargs)
    return SlowFile(f) if "b" in mode and ("w" in mode or "a" in mode or "+" in mode) else f


if __name__ == "__main__":
    builtins.open = io.open = slow_open
    sys.path.insert(0, str(ROOT))
    import build_issue
    sys.exit(build_issue.main(sys.argv[1:]))
