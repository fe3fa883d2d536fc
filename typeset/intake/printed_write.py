"""Write an imported issue folder: issue.toml, the document files and import-report.md.

A minimal writer of the printed intake's own (the Word intake's writer was not on main when this
was written): nothing outside the folder is touched, an existing file is refused unless `force`,
and the bytes depend only on the input."""
from __future__ import annotations

from pathlib import Path

from ..errors import TypesetError
from ..files import write_atomic


def write_folder(into: Path, files: dict[str, str | bytes], *, force: bool) -> list[Path]:
    into = Path(into)
    if into.exists() and not into.is_dir():
        raise TypesetError("the --into path is a file", file=str(into), fix="name a folder (it is created if missing)")
    targets = [into / name for name in files]
    if not force:
        there = [p for p in targets if p.exists()]
        if there:
            raise TypesetError(f"{there[0].name} exists already in the folder", file=str(into),
                               fix="import into a new folder, or add --force to overwrite")
    into.mkdir(parents=True, exist_ok=True)
    for path, data in zip(targets, files.values()):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data.encode("utf-8") if isinstance(data, str) else data)
    return targets
