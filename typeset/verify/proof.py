"""The proof: a report (Markdown and JSON), page images and a contact sheet with each
problem outlined in red."""
from __future__ import annotations

import io
import json
from dataclasses import asdict
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from typeset.verify.checks import Checks, anchor_summary

PAGE_SCALE = 1.5          # page images at 108 dpi
THUMB_WIDTH = 180
PER_ROW = 8


def page_images(pdf_path, problems, scale: float = PAGE_SCALE) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf_path))
    images = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            img = page.render(scale=scale).to_pil().convert("RGB")
            page.close()
            draw = ImageDraw.Draw(img)
            for p in problems:
                if p.page == i and p.bbox:
                    x, y, w, h = p.bbox
                    draw.rectangle([x * scale - 2, y * scale - 2, (x + w) * scale + 2,
                                    (y + h) * scale + 2], outline=(220, 0, 0), width=3)
            images.append(img)
    finally:
        doc.close()
    return images


def contact_sheet(images: list[Image.Image], labels: list[str]) -> Image.Image:
    tw = THUMB_WIDTH
    th = int(tw * 297 / 210)
    cell_h = th + 24
    rows = (len(images) + PER_ROW - 1) // PER_ROW
    sheet = Image.new("RGB", (PER_ROW * (tw + 12) + 12, rows * (cell_h + 12) + 12), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for k, (img, label) in enumerate(zip(images, labels)):
        thumb = img.copy()
        thumb.thumbnail((tw, th))
        x = 12 + (k % PER_ROW) * (tw + 12)
        y = 12 + (k // PER_ROW) * (cell_h + 12)
        sheet.paste(thumb, (x + (tw - thumb.width) // 2, y))
        draw.rectangle([x + (tw - thumb.width) // 2 - 1, y - 1, x + (tw + thumb.width) // 2, y + thumb.height],
                       outline=(150, 150, 150))
        draw.text((x + tw // 2, y + th + 6), f"{k + 1}: {label}" if label.isascii() else str(k + 1),
                  fill="black", anchor="mt", font=font)
    return sheet


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
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


def write_proof(folder: Path, pdf_path, checks: Checks, problems, labels, title, write) -> list[Path]:
    """Write report.md, report.json, page-NNN.png and contact.png into `folder`."""
    data = report_data(checks, problems, labels)
    paths = []
    write(folder / "report.json", json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    write(folder / "report.md", markdown(data, title).encode("utf-8"))
    paths += [folder / "report.json", folder / "report.md"]
    images = page_images(pdf_path, problems)
    pages_dir = folder / "pages"
    for i, img in enumerate(images):
        p = pages_dir / f"page-{i + 1:03d}.png"
        write(p, png_bytes(img))
    write(folder / "contact.png", png_bytes(contact_sheet(images, labels)))
    paths.append(folder / "contact.png")
    return paths
