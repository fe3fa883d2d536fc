"""--watch: build, then build again each time a file of the issue folder (sources, images,
issue.toml) or the layout file is saved. One line per build; an error is printed as the one-line
message and watching goes on; Ctrl-C ends it.

A pure-stdlib poll of the files' mtime and size (a few stat calls every quarter second): no
dependency, and it works on any file system, including network and container mounts where
inotify sees nothing.
"""
from __future__ import annotations

import os
import sys
import time

from typeset.errors import TypesetError

POLL = 0.25             # seconds between two looks at the files
SETTLE = 0.02           # a change is built once the files stay the same this long


def ignored(name: str) -> bool:
    """Editors' temporary and backup files (.x.swp, x~, #x#, .#x) and hidden files."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def snapshot(paths, skip=()) -> dict[str, tuple[int, int]]:
    """{file: (mtime_ns, size)} of the files under `paths` (files or folders), without the
    folders in `skip` (the output, when it lies inside an issue folder)."""
    skip = {os.path.realpath(s) for s in skip}
    out: dict[str, tuple[int, int]] = {}

    def add(path: str) -> None:
        try:
            st = os.stat(path)
        except OSError:                      # removed between listing and stat
            return
        out[path] = (st.st_mtime_ns, st.st_size)

    for root in paths:
        root = str(root)
        if os.path.isfile(root):
            add(root)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not ignored(d) and
                             os.path.realpath(os.path.join(folder, d)) not in skip)
            for name in sorted(files):
                if not ignored(name):
                    add(os.path.join(folder, name))
    return out


def watch(folders, layout_path, build_one, *, skip=(), interval: float = POLL,
          stdout=None, stderr=None) -> int:
    """Build each folder, then rebuild a folder when its files or the layout file change.
    `build_one(folder)` builds and returns the line to print. Returns 0 when interrupted."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr

    def look(folder):
        return snapshot([folder, layout_path], skip)

    def run(folder) -> None:
        stamp = time.strftime("%H:%M:%S")
        try:
            line = build_one(folder)
        except TypesetError as e:
            print(f"error: {e.message()}", file=stderr, flush=True)     # as the CLI prints it
        except OSError as e:
            name = e.filename or ""
            print(f"error: {name}{': ' if name else ''}{e.strerror or e} — check that "
                  "the path exists and can be read (input) or written (--out)",
                  file=stderr, flush=True)
        else:
            print(f"[{stamp}] {line}", file=stdout, flush=True)

    try:
        seen = {}
        for folder in folders:
            seen[folder] = look(folder)
            run(folder)
        print(f"watching {', '.join(str(f) for f in folders)} and {layout_path} "
              "(Ctrl-C to stop)", file=stdout, flush=True)
        while True:
            time.sleep(interval)
            for folder in folders:
                now = look(folder)
                if now == seen[folder]:
                    continue
                while True:                     # an editor may write in several steps
                    time.sleep(SETTLE)
                    later = look(folder)
                    if later == now:
                        break
                    now = later
                seen[folder] = now
                run(folder)
    except KeyboardInterrupt:
        print("stopped watching", file=stdout, flush=True)
        return 0

