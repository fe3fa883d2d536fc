"""Writing files so that a reader, or a build killed half-way, sees the old file or the new one."""
from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader (or a killed build) sees the old file or the new one.

    The bytes go to an unnamed file in the target folder (O_TMPFILE, Linux), which vanishes if the
    process dies; only when it is complete does it get a temporary name and is renamed over `path`.
    Elsewhere a named temporary file is used (a killed build's is left in its staging folder,
    which the next build removes: typeset.output)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = _unnamed(path.parent)
    unnamed = fd is not None
    try:
        if not unnamed:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with open(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            if unnamed:
                os.fchmod(f.fileno(), 0o644 & ~_umask())
                _link(f.fileno(), tmp)
        os.replace(tmp, path)
    except OSError as e:             # disk full, quota: say which file
        if e.filename is None:
            raise OSError(e.errno, e.strerror, str(path)) from None
        raise
    finally:
        if tmp.exists():
            tmp.unlink()


def _unnamed(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:                 # the file system does not support it
        return None


def _link(fd: int, path: Path) -> None:
    """Give the unnamed file `fd` the name `path` (linkat through /proc/self/fd)."""
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(str(fd), path, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
