"""Page images that did not change since the last build are not drawn again.

Each page image is keyed by a hash of everything that decides it: the page's items as the
renderer draws them (text lines without their source position, rules, boxes, images with their
files' bytes), the fonts' identities, the text colour, the render scale, the problems outlined on
it, and the versions of the code that draws it. The previous build's images are the cache: a
manifest next to them (proof/page-cache.json) gives each file's key and the hash of its bytes,
so a file changed or torn since is simply drawn again. Deleting the manifest is always safe.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
from pathlib import Path

import PIL
import pypdfium2 as pdfium

from typeset import fonts
from typeset.layout.boxes import ImageItem, TextLine

VERSION = "pages-1"             # bump when the drawing of a page image changes
MANIFEST = "page-cache.json"
_CODE = [Path(__file__).with_name("proof.py"), Path(__file__).parents[1] / "render.py"]


def font_identity(face) -> str:
    """What decides a face's glyphs: its source font file and the conversion code, not the
    subset (which changes whenever the issue gains or loses a character of that role)."""
    try:
        st = os.stat(face.source)
    except OSError:
        return f"{face.pdf_name}:{face.path}"
    return f"{face.source}#{face.index}:{st.st_size}:{st.st_mtime_ns}:{fonts.CODE_VERSION}"


def page_keys(pages, faces, problems, text_color: str, scale: float) -> list[str]:
    """One key per page (hex sha256)."""
    names = {f.pdf_name: font_identity(f) for f in faces}
    base = hashlib.sha256(json.dumps([
        VERSION, sys.version, scale, text_color, str(pdfium.PDFIUM_INFO), str(pdfium.PYPDFIUM_INFO),
        PIL.__version__, [hashlib.sha256(p.read_bytes()).hexdigest() for p in _CODE],
        sorted(names.values())]).encode())
    outlined: dict[int, list] = {}
    for p in problems:
        if p.bbox:
            outlined.setdefault(p.page, []).append(p.bbox)
    files: dict[str, str] = {}
    keys = []
    for page in pages:
        values: list = [page.width, page.height, outlined.get(page.index, [])]
        for it in page.items:
            if isinstance(it, TextLine):          # where and block only name the source
                it = it._replace(where="", block=-1, runs=tuple(
                    r._replace(font=names.get(r.font, r.font)) for r in it.runs))
            elif isinstance(it, ImageItem):
                if it.path not in files:
                    files[it.path] = hashlib.sha256(Path(it.path).read_bytes()).hexdigest()
                values.append(files[it.path])
            values.append(it)
        h = base.copy()
        h.update(_values(values))
        keys.append(h.hexdigest())
    return keys


def _values(obj) -> bytes:
    """Plain data as bytes, by value only: pickle without its memo (shared objects would
    otherwise be written as back-references, so equal pages could give different bytes)."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, 5)
    p.fast = True
    p.dump(obj)
    return buf.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load(folder: Path) -> dict:
    """The previous build's manifest, or an empty one."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == VERSION else {}


def cached_pages(folder: Path, manifest: dict, keys: list[str]):
    """({key: (PNG bytes, (width, height))}, {file name: key}) for the images the last build left
    intact whose key is wanted again. Read before anything is written (a page's old file may hold
    another page's new key)."""
    wanted = set(keys)
    found, intact = {}, {}
    for name, entry in manifest.get("pages", {}).items():
        key = entry.get("key")
        if key not in wanted:
            continue
        try:
            data = (folder / "pages" / name).read_bytes()
        except OSError:
            continue
        if sha(data) == entry.get("sha"):
            found.setdefault(key, (data, tuple(entry["size"])))
            intact[name] = key
    return found, intact


def manifest_bytes(pages: list[tuple[str, str, bytes, tuple]]) -> bytes:
    """pages: (file name, key, PNG bytes, size) in page order."""
    data = {"version": VERSION,
            "pages": {name: {"key": key, "sha": sha(png), "size": list(size)}
                      for name, key, png, size in pages}}
    return json.dumps(data, indent=0, sort_keys=True).encode()
