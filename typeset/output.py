"""A build's output folder, out/<issue>/, replaced whole: a reader (or a build killed or failing
half-way) sees the previous build or the new one, never a mix.

The new files are written into a staging folder beside it, out/.<issue>.typeset-new/, which is
then exchanged with out/<issue>/ in one rename (renameat2 RENAME_EXCHANGE; where the system has
none, two renames, undone at the next build if it stops between them). A manifest lists what each
build wrote; anything else in out/<issue>/ (a file the user put there) is kept, and a build that
would overwrite such a file stops instead. A staging folder left by a killed build is removed by
the next one."""
from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
from pathlib import Path

from typeset.errors import TypesetError
from typeset.files import write_atomic

MANIFEST = ".typeset-manifest.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Output:
    """`folder` is the staging folder the build writes into; `commit()` puts it in place."""

    def __init__(self, out: Path, name: str):
        check_out(out)
        self.final = out / name
        pdf = self.final / f"{name}.pdf"
        if pdf.is_dir():
            raise TypesetError(f"{pdf} is a folder, not a PDF file",
                               fix="remove or rename that folder")
        self.folder = out / f".{name}.typeset-new"
        self.old = out / f".{name}.typeset-old"
        self.written: list[str] = []
        _recover(self)
        _remove_ours(self.folder)
        self.folder.mkdir(parents=True)

    def write(self, path: Path, data: bytes) -> None:
        """Write a file of this build; `path` is inside self.folder."""
        rel = Path(path).relative_to(self.folder)
        write_atomic(self.folder / rel, data)
        self.written.append(rel.as_posix())

    def link(self, path: Path, source: Path) -> None:
        """`source`, an unchanged file of the previous build, is also `path` (inside self.folder)
        of this one: a hard link, no copy (a copy where the file system has no links)."""
        rel = Path(path).relative_to(self.folder)
        dst = self.folder / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, dst)
        except OSError:
            shutil.copy2(source, dst)
        self.written.append(rel.as_posix())

    def commit(self) -> None:
        """Put the staged build in place of the old one, keeping files that are not a build's."""
        final, folder = self.final, self.folder
        if final.exists() and not final.is_dir():
            raise TypesetError(f"{final} is a file, not a folder", fix="remove or rename it")
        if final.is_dir():
            for rel in _foreign(final):
                if (folder / rel).exists():
                    raise TypesetError(f"{final / rel} was not written by a build and would be "
                                       "overwritten", fix="move it out of the output folder")
                _keep(final / rel, folder / rel)
        manifest = sorted(set(self.written))
        write_atomic(folder / MANIFEST, json.dumps(manifest, indent=0).encode())
        if final.is_dir():
            if not _exchange(folder, final):
                os.rename(final, self.old)
                os.rename(folder, final)
                shutil.rmtree(self.old)
                return
            shutil.rmtree(folder)                # the previous build, now at the staging name
        else:
            os.rename(folder, final)

    def abort(self) -> None:
        _remove_ours(self.folder)


def _recover(output: Output) -> None:
    """A build stopped between the two renames of the fallback: put the old output back."""
    if output.old.is_dir():
        if output.final.exists():
            shutil.rmtree(output.old)
        else:
            os.rename(output.old, output.final)


def _remove_ours(folder: Path) -> None:
    """Remove a staging folder (its name is reserved for builds: .<issue>.typeset-new)."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise TypesetError(f"{folder} is not a build's staging folder",
                           fix="move it away; builds use that name while they write")
    if folder.exists():
        shutil.rmtree(folder)


def _foreign(final: Path) -> list[str]:
    """Files under out/<issue>/ that no build wrote (not in its manifest)."""
    try:
        ours = set(json.loads((final / MANIFEST).read_text("utf-8")))
    except (OSError, ValueError):
        ours = set()
    ours.add(MANIFEST)
    out = []
    for p in sorted(final.rglob("*")):
        if p.is_dir() and not p.is_symlink():
            continue
        rel = p.relative_to(final).as_posix()
        if rel not in ours and not (p.name.startswith(".") and p.name.endswith(".tmp")):
            out.append(rel)
    return out


def _keep(src: Path, dst: Path) -> None:
    """The user's file, also in the new folder (a hard link: the old folder keeps it until the
    exchange, so a stop before it loses nothing)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def check_out(out: Path) -> None:
    """Refuse an output folder that cannot be written, before any work is done."""
    for parent in [out, *out.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise TypesetError(f"{parent} is a file, not a folder",
                                   fix="give --out a folder (or remove that file)")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise TypesetError(f"cannot write into {parent} (permission denied)",
                                   fix="choose another --out folder")
            return


def check_places(folder: Path, out: Path) -> str:
    """The issue's name, after refusing an output folder that is the source folder, inside it,
    or above it (a build writes only under out/<issue>/)."""
    src = folder.resolve()
    name = src.name
    if not name:
        raise TypesetError(f"{folder} has no folder name to build into",
                           fix="name the issue folder itself, e.g. source/2024-02")
    dst = (out.resolve() / name)
    if dst == src or dst.is_relative_to(src) or src.is_relative_to(dst):
        raise TypesetError(f"the output folder {dst} would be inside the issue folder {src} or "
                           "hold it", fix="give --out a folder outside the sources, e.g. --out out")
    return name
