""".doc and .wps -> .docx through LibreOffice headless.

One `soffice --headless --convert-to docx` call for the files of an import, with its own user
profile (-env:UserInstallation) in a temporary folder, so that it runs beside an open
LibreOffice and leaves nothing behind. The input filter is never forced: LibreOffice sniffs
the file (a .wps is read by its WPS/Word filters).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..errors import TypesetError

TIMEOUT = 300          # seconds for one call (a few dozen files)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(paths: list[Path], names: list[str], work: Path) -> list[Path]:
    """Convert each of `paths` (shown to the user as `names`) into `work`; the .docx paths in
    the same order. Files whose names share a stem go in separate calls (one output folder
    each)."""
    exe = soffice()
    if exe is None:
        raise TypesetError("LibreOffice is not installed: .doc and .wps files are converted with it",
                           file=names[0], fix="run bash scripts/setup.sh (Debian package "
                           "libreoffice-writer-nogui), or save the file as .docx in Word or WPS")
    batches: list[list[int]] = []
    for k, path in enumerate(paths):
        stem = path.stem
        batch = next((b for b in batches if all(paths[j].stem != stem for j in b)), None)
        if batch is None:
            batches.append([k])
        else:
            batch.append(k)
    out: list[Path | None] = [None] * len(paths)
    for n, batch in enumerate(batches):
        folder = work / f"out{n}"
        folder.mkdir(parents=True)
        profile = (work / "profile").resolve().as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "docx", "--outdir", str(folder)] + [str(paths[k].resolve()) for k in batch]
        env = dict(os.environ, HOME=str(work))
        try:
            subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise TypesetError(f"LibreOffice took more than {TIMEOUT} s to convert the file", file=names[batch[0]],
                               fix="open it in Word or WPS and save it as .docx") from None
        for k in batch:
            target = folder / (paths[k].stem + ".docx")
            if not target.is_file():
                raise TypesetError("LibreOffice cannot read this file (not a Word or WPS document, "
                                   "encrypted, or damaged)", file=names[k],
                                   fix="open it in Word or WPS, remove any password, and save it as .docx")
            out[k] = target
    return out
