"""The pipeline for one issue: parse → fonts → compose/layout → render → PDF/A → write
(and, with --print, the press file from the same layout: typeset.press).

Each stage reports its time through `progress`. Output files are written atomically.
"""
from __future__ import annotations

import datetime
import json
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from typeset import furniture
from typeset.compose.issue import compose_issue
from typeset.errors import TypesetError
from typeset.files import write_atomic  # noqa: F401  (the CLI and tests take it from here)
from typeset.config import Layout
from typeset.fonts import FontSet, prepare_fonts
from typeset.layout import LaidOutIssue, layout_issue, load_layout
from typeset.model import Image, Issue, Where
from typeset.output import Output, check_out, check_places
from typeset.pdfmeta import PdfMeta, canvas_kwargs, meta_date, stamp_canvas
from typeset.render import render
from typeset.reuse import Reuse
from typeset.source import chars_by_style, load_issue

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAYOUT = ROOT / "layouts" / "gazette-a4.toml"


@dataclass(frozen=True)
class BuildResult:
    issue: Issue
    laid: LaidOutIssue
    pdf_path: Path
    fontset: FontSet
    layout: Layout
    times: Mapping[str, float]
    pdf: bytes
    press_path: Path | None = None          # out/<issue>/<issue>-print.pdf, when written
    press_warnings: tuple[str, ...] = ()


def chars_by_role(issue: Issue, layout) -> dict[str, dict[str, Where | None]]:
    """{role: {char: where first used}}: the issue's own text by its styles' roles, and the text
    the layout prints itself (typeset.furniture)."""
    roles = layout.font_roles()
    out: dict[str, dict[str, Where | None]] = {}
    for style, chars in chars_by_style(issue).items():
        role = roles.get(style)
        if role is None:
            role = layout.style(style).role        # raises: the layout lacks that style
        bucket = out.setdefault(role, {})
        for ch, where in chars.items():
            bucket.setdefault(ch, where)
    for role, chars in furniture.chars_by_role(issue, layout).items():
        bucket = out.setdefault(role, {})
        for ch, where in chars.items():
            bucket.setdefault(ch, where)
    return out


def issue_meta(issue: Issue) -> PdfMeta:
    m = issue.meta
    try:
        day = datetime.date.fromisoformat(m.date)
    except ValueError:
        w = m.where
        raise TypesetError(f"issue date {m.date!r} is not a date", file=w.file if w else None,
                           line=w.line if w else None, fix='write it as "2024-06-30"') from None
    title = f"{m.masthead} {m.year}年第{m.number}期（总第{m.total}期）"
    docs = "；".join(d.title for d in issue.documents())
    return PdfMeta(title=title, author=m.sponsor, subject=docs,
                   keywords=f"{m.masthead}, {m.year}, 第{m.number}期, 政府公报", date=meta_date(day))


def load_segments() -> int:
    """The word boundaries of earlier builds (a cache; safe to delete): how many were known."""
    from typeset.compose import titles
    try:
        titles.KNOWN.update(json.loads((font_cache().parent / "segments.json").read_text("utf-8")))
    except (OSError, ValueError):
        pass
    return len(titles.KNOWN)


def save_segments(before: int) -> None:
    from typeset.compose import titles
    if len(titles.KNOWN) != before:
        data = json.dumps(titles.KNOWN, ensure_ascii=False, sort_keys=True).encode("utf-8")
        try:
            write_atomic(font_cache().parent / "segments.json", data)
        except OSError:                      # a cache that cannot be written costs time only
            pass


def font_cache() -> Path:
    """The prepared-font cache: .cache/fonts, or $TYPESET_FONT_CACHE (the benchmark's cold runs)."""
    return Path(os.environ.get("TYPESET_FONT_CACHE") or ROOT / ".cache" / "fonts")


def parallel_map(fn, items) -> list:
    """fn over items, in processes when there are several (cold font conversions: the only work
    of a build worth spreading over the cores)."""
    items = list(items)
    n = min(len(items), os.cpu_count() or 1)
    if n < 2:
        return [fn(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(n, mp_context=get_context("fork")) as pool:
        return list(pool.map(fn, items))


MAX_PIXELS = 40_000_000      # 4.6 times an A4 page at 300 dpi
SRGB_MODES = ("1", "L", "LA", "P", "RGB", "RGBA")      # PIL modes that embed as sRGB or grey


def check_images(issue: Issue) -> Issue:
    """Decode every image once, so that a damaged picture is one clear error (file:line of its
    @image) rather than a failure inside PIL or reportlab later. Returns the issue."""
    from PIL import Image as PILImage
    from reportlab.lib.utils import ImageReader

    for img in issue.blocks(Image):
        w = img.where
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(img.path) as im:
                    width, height = im.size
                    if width * height > MAX_PIXELS:
                        raise TypesetError(
                            f"image {Path(img.path).name} has {width * height / 1e6:.0f} "
                            f"megapixels, more than a printed page needs", file=w.file if w else None,
                            line=w.line if w else None,
                            fix="scale it down (an A4 page at 300 dpi is 8.7 megapixels)")
                    im.load()
                    mode = im.mode
            if width < 1 or height < 1:
                raise ValueError("it has no pixels")
            ImageReader(img.path).getRGBData()
        except TypesetError:
            raise
        except Exception as exc:    # PIL and reportlab raise many kinds on a damaged file
            reason = str(exc) or type(exc).__name__
            raise TypesetError(f"image {Path(img.path).name} cannot be read ({reason})",
                               file=w.file if w else None, line=w.line if w else None,
                               fix="open it in an image editor and export it again as PNG or "
                                   "JPEG") from None
        if mode not in SRGB_MODES:
            raise TypesetError(f"image {Path(img.path).name} is in {mode} colour, not RGB or grey",
                               file=w.file if w else None, line=w.line if w else None,
                               fix="convert it to sRGB (an image editor's 'RGB colour' mode): "
                                   "the archival PDF/A file allows only sRGB")
    return issue


def build(folder: str | Path, *, layout_path: str | Path = DEFAULT_LAYOUT, out: str | Path = "out",
          pdfa: str | None = None, progress=lambda stage, seconds: None,
          output: Output | None = None, reuse: Reuse | None = None,
          press: bool | None = None) -> BuildResult:
    """Build one issue. With `output` (the CLI's), the PDF goes into its staging folder, which
    the caller commits once the proof is written too; without, straight to out/<issue>/.
    `reuse`: the composition of earlier builds of this issue (--watch). `press` (default: the
    layout's [press] enabled) also writes the press file."""
    folder = Path(folder)
    times: dict[str, float] = {}

    def stage(name, fn, *args, **kw):
        t0 = time.perf_counter()
        value = fn(*args, **kw)
        times[name] = time.perf_counter() - t0
        progress(name, times[name])
        return value

    name = check_places(folder, Path(out))
    target = (output.folder if output else Path(out) / name) / f"{name}.pdf"
    layout = stage("layout file", load_layout, layout_path)
    issue = stage("parse", lambda: check_images(load_issue(folder)))
    if output is None:
        check_out(target.parent)
    fontset = stage("fonts", lambda: prepare_fonts(chars_by_role(issue, layout),
                                                   overrides=layout.fonts or None,
                                                   cache_dir=font_cache(), map_jobs=parallel_map))
    memo = reuse.memo(layout, fontset) if reuse is not None else None
    known = load_segments()
    composed = stage("compose", compose_issue, issue, layout, fontset, memo)
    if reuse is not None:
        reuse.done()
    laid = stage("layout", layout_issue, composed, layout, fontset)
    save_segments(known)
    meta = issue_meta(issue)
    kwargs = canvas_kwargs(meta)
    press = layout.press.enabled if press is None else press
    lines = {} if press else None          # the press file reuses the text's operators
    pdf = stage("render", render, laid, fontset, lambda c: stamp_canvas(c, meta), kwargs,
                memo=lines)
    variant = pdfa or layout.page.pdfa
    from typeset.pdfa import make_pdfa
    from typeset.layout.tags import structure
    pdf = stage("pdf/a", lambda: make_pdfa(pdf, meta, variant, structure(laid)))
    write = output.write if output else write_atomic
    stage("write", write, target, pdf)
    press_path, press_warnings = None, ()
    if press:
        from typeset.press import press_name, render_press
        press_pdf, press_warnings = stage("print", render_press, laid, fontset, layout, meta,
                                          lambda c: stamp_canvas(c, meta), kwargs, lines)
        press_path = target.with_name(press_name(name))
        stage("write print", write, press_path, press_pdf)
    return BuildResult(issue, laid, target, fontset, layout, MappingProxyType(times), pdf,
                       press_path, press_warnings)
