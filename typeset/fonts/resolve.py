"""Finding installed fonts without slow calls on the warm path.

A candidate with a `file` is checked with one stat. A family-only candidate asks fontconfig
(fc-match, ~0.1 s) once; the answer is kept in the cache folder. A source file's SHA-256 is
computed once and memoized by (path, size, mtime), so a rebuild never rehashes a 20 MB .ttc.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from typeset.errors import TypesetError
from typeset.files import write_atomic

from .config import Candidate


@dataclass(frozen=True)
class Source:
    path: str            # absolute path of the font file
    index: int           # font number inside a .ttc
    candidate: Candidate


class Memo:
    """A small JSON dict in the cache folder, saved only when it changed."""

    def __init__(self, path: Path):
        self.path = path
        self.changed = False
        try:
            self.data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(self.data, sort_keys=True, indent=0).encode())
            self.changed = False


class Resolver:
    def __init__(self, cache_dir: Path):
        self.fontconfig = Memo(cache_dir / "fontconfig.json")
        self.hashes = Memo(cache_dir / "sources.json")

    def save(self) -> None:
        self.fontconfig.save()
        self.hashes.save()

    def find(self, cand: Candidate) -> Source | None:
        """The installed font for a candidate, or None."""
        if cand.file:
            path = os.path.abspath(os.path.expanduser(cand.file))
            if os.path.isfile(path):
                return Source(path, cand.index, cand)
        if cand.family:
            hit = self._fc_match(cand.family, cand.style)
            if hit:
                return Source(hit[0], hit[1], cand)
        return None

    def _fc_match(self, family: str, style: str) -> tuple[str, int] | None:
        query = f"{family}:style={style}" if style else family
        hit = self.fontconfig.data.get(query)
        if hit and os.path.isfile(hit[0]):        # only hits are kept: a font may be installed later
            return hit[0], hit[1]
        import shutil
        import subprocess              # only on a cache miss

        found: list = []
        if shutil.which("fc-match"):
            out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{family}\t%{style}", query],
                                 capture_output=True, text=True, check=False).stdout
            parts = out.split("\t")
            if len(parts) == 4:
                families = {f.strip().lower() for f in parts[2].split(",")}
                styles = {s.strip().lower() for s in parts[3].split(",")}
                if family.lower() in families and (not style or style.lower() in styles):
                    found = [parts[0], int(parts[1] or 0)]
        if not found:
            return None
        self.fontconfig.data[query] = found
        self.fontconfig.changed = True
        return found[0], found[1]

    def file_hash(self, path: str) -> str:
        """SHA-256 of the file's bytes, memoized by (path, size, mtime)."""
        try:
            st = os.stat(path)
        except OSError as e:
            raise TypesetError(f"cannot read font file {path}: {e.strerror}", file=path) from None
        stamp = [st.st_size, st.st_mtime_ns]
        hit = self.hashes.data.get(path)
        if hit and hit[:2] == stamp:
            return hit[2]
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        self.hashes.data[path] = stamp + [digest.hexdigest()]
        self.hashes.changed = True
        return digest.hexdigest()


def resolve(resolver: Resolver, role: str, cands: tuple[Candidate, ...], explicit: bool,
            what: str = "font") -> Source:
    """The first installed candidate, or a TypesetError naming the package to install."""
    if explicit:
        cand = cands[0]
        src = resolver.find(cand)
        if src is None:
            raise TypesetError(f"the {what} file for role {role} does not exist: {cand.file}",
                               file=cand.file, fix="check the path in the layout's [fonts] table")
        return src
    for cand in cands:
        src = resolver.find(cand)
        if src is not None:
            return src
    tried = "; ".join(c.label() for c in cands) or "no candidates configured"
    packages = sorted({c.package for c in cands if c.package})
    fix = (f"install the Debian package {' or '.join(packages)} (apt-get install {packages[0]}), "
           if packages else "")
    fix += f"or name a font file for role {role} in the layout's [fonts.{role}] or fonts/local.toml"
    raise TypesetError(f"no installed {what} for role {role} (tried: {tried})", fix=fix)
