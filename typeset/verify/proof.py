"""The proof: a report (Markdown and JSON), page images with each problem outlined in red, and
the web page that shows them all (typeset/verify/web.py)."""
from __future__ import annotations

import io
import json
from dataclasses import asdict
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from typeset.verify import pagecache, web
from typeset.verify.checks import Checks, anchor_summary

PAGE_SCALE = 1.5          # page images at 108 dpi


def draw_page(doc, i: int, problems, scale: float = PAGE_SCALE) -> Image.Image:
    """Page i of the open pdfium document, with its problems outlined in red."""
    page = doc[i]
    img = page.render(scale=scale).to_pil().convert("RGB")
    page.close()
    draw = ImageDraw.Draw(img)
    for p in problems:
        if p.page == i and p.bbox:
            x, y, w, h = p.bbox
            draw.rectangle([x * scale - 2, y * scale - 2, (x + w) * scale + 2,
                            (y + h) * scale + 2], outline=(220, 0, 0), width=3)
    return img


def grey(img: Image.Image) -> Image.Image:
    """An RGB image with no colour in it as a grey one (the same pixels, a third of the data)."""
    if img.mode == "RGB":
        r, g, b = img.split()
        if r.tobytes() == g.tobytes() == b.tobytes():
            return r
    return img


def png_bytes(img: Image.Image) -> bytes:
    """PNG at zlib level 1: 1.8x faster to encode than the default level, and smaller for these
    images (large flat areas); a page with no colour on it is stored grey (twice as fast again)."""
    buf = io.BytesIO()
    grey(img).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def report_data(checks: Checks, problems, labels) -> dict:
    return {
        "ok": checks.ok,
        "pages": [dict(asdict(r), ok=r.ok) for r in checks.pages],
        "tables": [dict(asdict(t), ok=t.ok) for t in checks.tables],
        "anchors": [asdict(a) for a in checks.anchors],
        "anchor_summary": anchor_summary(checks),
        "fidelity": asdict(checks.fidelity) if checks.fidelity else None,
        "problems": [dict(kind=p.kind, message=p.message, where=p.where,
                          page=labels[p.page] if 0 <= p.page < len(labels) else "",
                          column=p.column, line=p.line) for p in problems],
    }


def markdown(data: dict, title: str) -> str:
    ok = "✓"
    bad = "✗"
    out = [f"# Proof: {title}", "", f"**Verdict:** {'all printed references met' if data['ok'] else 'MISMATCH'}",
           "", "## 目录 page numbers", "", "| entry | 文号 | printed | typeset | 目录 says | |",
           "|---|---|---|---|---|---|"]
    for r in data["pages"]:
        out.append(f"| {r['title']} | {r['number']} | {r['printed'] or '—'} | {r['typeset'] or '—'} | "
                   f"{r['toc'] or '—'} | {ok if r['ok'] else bad} |")
    out += ["", "## Table continuation pages", ""]
    for t in data["tables"]:
        out.append(f"- {t['where']}: printed breaks before rows {t['printed']}, typeset {t['typeset']} "
                   f"{ok if t['ok'] else bad}")
    out += ["", "## Printed column starts", "", data["anchor_summary"], ""]
    for a in data["anchors"]:
        d = "not found" if a["diff"] is None else f"{a['diff']:+d} lines"
        out.append(f"- {a['where']} 「{a['snippet']}」 page {a['page']} column {a['column']} "
                   f"line {a['line'] + 1}: {d}")
    f = data["fidelity"]
    if f:
        out += ["", "## Text fidelity", "",
                f"{ok if f['ok'] else bad} {f['found']} of {f['expected']} characters; {f['message']}"]
    out += ["", f"## Problems ({len(data['problems'])})", ""]
    for p in data["problems"]:
        out.append(f"- {p['kind']}: page {p['page']} column {p['column']} line {p['line'] + 1} "
                   f"({p['where']}): {p['message']}")
    return "\n".join(out) + "\n"


def write_proof(folder: Path, pdf_path, checks: Checks, laid, fontset, labels, title,
                write, previous: Path | None = None, link=None) -> int:
    """Write report.md, report.json, pages/page-NNN.png, index.html and build-id
    (last) into `folder`, through `write(path, bytes)`. Returns the number of page images drawn.

    `previous`: the last build's proof folder (default `folder` itself). A page whose key matches
    an image it holds is not drawn again but taken from there: with `link(path, source)` (a hard
    link into a staging folder), else written from its bytes; when `previous` is `folder`, a file
    that already holds the bytes it should is left as it is."""
    previous = folder if previous is None else previous
    in_place = previous == folder
    problems = laid.problems
    data = report_data(checks, problems, labels)
    keys = pagecache.page_keys(laid.pages, fontset.all_faces(), problems, laid.text_color,
                               PAGE_SCALE)
    manifest = pagecache.load(previous)
    cached, intact = pagecache.cached_pages(previous, manifest, keys)

    pngs, sizes = [], []
    drawn = 0
    doc = None
    try:
        for i, key in enumerate(keys):
            if key in cached:
                png, size = cached[key]
            else:
                if doc is None:
                    doc = pdfium.PdfDocument(str(pdf_path))
                img = grey(draw_page(doc, i, problems))
                png, size = png_bytes(img), img.size
                drawn += 1
            pngs.append(png)
            sizes.append(size)
    finally:
        if doc is not None:
            doc.close()

    def put(path: Path, data: bytes) -> None:
        if in_place:                                    # a file holding these bytes stays
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    return
            except OSError:
                pass
        write(path, data)

    put(folder / "report.json", json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    put(folder / "report.md", markdown(data, title).encode("utf-8"))
    pages_dir = folder / "pages"
    names = [f"page-{i + 1:03d}.png" for i in range(len(keys))]
    holder = {}                                         # key -> an intact old file holding it
    for name, key in intact.items():
        holder.setdefault(key, name)
    for name, key, png in zip(names, keys, pngs):
        if in_place and intact.get(name) == key:        # verified above: it holds these bytes
            continue
        if link is not None and key in holder:
            link(pages_dir / name, previous / "pages" / holder[key])
        else:
            write(pages_dir / name, png)
    if in_place:
        last = names[-1] if names else ""
        for old in pages_dir.glob("page-*.png"):        # pages of a longer earlier build
            if old.name > last:
                old.unlink()
    put(folder / pagecache.MANIFEST, pagecache.manifest_bytes(list(zip(names, keys, pngs, sizes))))
    pdf_sha = pagecache.sha(Path(pdf_path).read_bytes())
    build_id = pagecache.sha("\n".join([pdf_sha, *keys]).encode())[:16]
    put(folder / "index.html", web.page(data, title, labels, sizes, laid, PAGE_SCALE,
                                        build_id).encode("utf-8"))
    put(folder / "build-id.js", f'proofBuild("{build_id}");\n'.encode())
    put(folder / "build-id", f"{build_id}\n".encode())
    return drawn
