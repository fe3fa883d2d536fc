"""The proof as one web page (proof/index.html): self-contained, opens from the file system.

The verdict, the page-number table, the land-table breaks, the printed column starts, every
problem with a crop of its line (the page image itself, shown through a window with CSS
object-position) and a link to the mark on its page, then all pages as facing spreads (folio 1 on
a right-hand page), lazily loaded, each a link to its full image. A few lines of JavaScript poll
build-id.js (a <script> reloaded with a cache-busting query, which works from file://, where
fetch() does not) and reload the page when a new build has landed (once per build id: a page
that is older than its build-id.js, as after a killed build, does not reload in a loop).
"""
from __future__ import annotations

from html import escape

CROP_PAD = (14, 8)                 # px around a problem's line in its crop (x, y)

CSS = """
body{font:15px/1.5 "Noto Sans CJK SC","Noto Sans",sans-serif;color:#222;margin:0 auto;
 max-width:1500px;padding:0 16px 40px}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
nav a{margin-right:12px}
.verdict{font-size:18px;font-weight:bold}.verdict.ok{color:#070}.verdict.bad{color:#c00}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
td.n{text-align:right}
.ok{color:#070}.bad{color:#c00;font-weight:bold}
ol.problems li{margin-bottom:14px}
.crop{display:block;border:1px solid #bbb;margin-top:4px;max-width:100%;object-fit:none}
.spread{display:flex;justify-content:center;gap:8px;margin:14px 0}
.slot{flex:0 0 auto}.slot:empty{width:min(46vw,65vh)}
.page{position:relative;margin:0}
.page img{display:block;height:auto;box-shadow:0 0 4px #999}
.page figcaption{text-align:center;color:#555;font-size:13px}
.mark{position:absolute;outline:2px solid rgba(220,0,0,.85);scroll-margin:40vh 0;pointer-events:none}
.mark:target{outline:4px solid #f70;background:rgba(255,160,0,.15)}
footer{margin-top:30px;color:#888;font-size:12px}
"""

POLL = """
(function(){var id="%s";
window.proofBuild=function(b){var k="proof-reloaded-for";
 if(b!==id&&sessionStorage.getItem(k)!==b){sessionStorage.setItem(k,b);location.reload();}};
setInterval(function(){var s=document.createElement("script");
s.src="build-id.js?t="+Date.now();s.onload=s.onerror=function(){s.remove();};
document.head.appendChild(s);},1000);})();
"""


def _mark(ok: bool) -> str:
    return '<td class="check ok">✓</td>' if ok else '<td class="check bad">✗</td>'


def _page_link(index: int | None, text: str) -> str:
    if index is None:
        return escape(text)
    return f'<a href="#p{index + 1}">{escape(text)}</a>'


def spreads(pages) -> list[list[int | None]]:
    """Page indexes as facing pairs [left, right] (None: no page there): the first page with a
    folio is a right-hand page, and so is every second page from it."""
    first = next((p.index for p in pages if p.folio == 1), 0)
    shift = 1 - first % 2                  # the slot of `first` must be odd (a right-hand page)
    slots: dict[int, int] = {p.index + shift: p.index for p in pages}
    last = max(slots, default=0)
    return [[slots.get(s), slots.get(s + 1)] for s in range(0, last + 1, 2)]


def page(data: dict, title: str, labels: list[str], sizes: list[tuple], laid, scale: float,
         build_id: str) -> str:
    """index.html. `sizes`: each page image's (width, height) in pixels."""
    index_of = {label: i for i, label in enumerate(labels)}
    ok = data["ok"]
    out = ['<!doctype html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<title>Proof: {escape(title)}</title><style>{CSS}</style>',
           f'<script>{POLL % build_id}</script></head><body>',
           f'<h1>Proof: {escape(title)}</h1>',
           f'<p class="verdict {"ok" if ok else "bad"}" id="verdict">'
           f'{"✓ all printed references met" if ok else "✗ MISMATCH: see below"}</p>',
           '<nav><a href="#toc-pages">目录 pages</a><a href="#tables">table breaks</a>'
           '<a href="#anchors">column starts</a><a href="#problems">problems</a>'
           '<a href="#pages">pages</a><a href="report.md">report.md</a>'
           '<a href="report.json">report.json</a></nav>']

    out += ['<h2 id="toc-pages">目录 page numbers</h2><table id="page-numbers"><thead><tr><th>entry</th><th>文号</th>'
            '<th>printed</th><th>typeset</th><th>目录 says</th><th></th></tr></thead><tbody>']
    for r in data["pages"]:
        typeset = str(r["typeset"]) if r["typeset"] else "—"
        out.append(f'<tr><td>{escape(r["title"])}</td><td>{escape(r["number"])}</td>'
                   f'<td class="n">{r["printed"] or "—"}</td>'
                   f'<td class="n">{_page_link(index_of.get(typeset), typeset)}</td>'
                   f'<td class="n">{r["toc"] or "—"}</td>{_mark(r["ok"])}</tr>')
    out.append('</tbody></table>')

    out.append('<h2 id="tables">Table continuation pages</h2>')
    if not data["tables"]:
        out.append('<p>no table with printed breaks</p>')
    else:
        out.append('<table id="table-breaks"><thead><tr><th>table</th><th>printed: breaks before rows</th>'
                   '<th>typeset</th><th></th></tr></thead><tbody>')
        for t in data["tables"]:
            out.append(f'<tr><td>{escape(t["where"])}</td><td>{t["printed"]}</td>'
                       f'<td>{t["typeset"]}</td>{_mark(t["ok"])}</tr>')
        out.append('</tbody></table>')

    out += [f'<h2 id="anchors">Printed column starts</h2><p>{escape(data["anchor_summary"])}</p>']
    if data["anchors"]:
        out.append('<table id="column-starts"><thead><tr><th>source</th><th>printed column starts with</th>'
                   '<th>page</th><th>column</th><th>line</th><th>ours</th></tr></thead><tbody>')
        for a in data["anchors"]:
            d = "not found" if a["diff"] is None else f'{a["diff"]:+d} lines'
            cls = "ok" if a["diff"] == 0 else ("bad" if a["diff"] is None else "")
            out.append(f'<tr><td>{escape(a["where"])}</td><td>「{escape(a["snippet"])}」</td>'
                       f'<td class="n">{_page_link(index_of.get(a["page"]), a["page"] or "—")}</td>'
                       f'<td class="n">{a["column"]}</td><td class="n">{a["line"] + 1}</td>'
                       f'<td class="n {cls}">{d}</td></tr>')
        out.append('</tbody></table>')
    f = data["fidelity"]
    if f:
        out.append(f'<h2 id="fidelity">Text fidelity</h2><p class="{"ok" if f["ok"] else "bad"}">'
                   f'{"✓" if f["ok"] else "✗"} {f["found"]} of {f["expected"]} characters'
                   f'{"; " + escape(f["message"]) if f["message"] else ""}</p>')

    problems = laid.problems
    marks: dict[int, list[tuple[int, tuple]]] = {}
    out.append(f'<h2 id="problems">Problems ({len(problems)})</h2><ol class="problems">')
    for n, p in enumerate(problems):
        text = f'<b>{escape(str(p.kind))}</b>: {escape(p.message)}'
        if p.where:
            text += f' <span class="where">({escape(p.where)})</span>'
        if 0 <= p.page < len(labels) and p.bbox:
            marks.setdefault(p.page, []).append((n, p.bbox))
            text += (f'<br><a class="goto" href="#m{n}">page {escape(labels[p.page])}, column '
                     f'{p.column}, line {p.line + 1}</a>' + _crop(p.page, p.bbox, sizes, scale))
        out.append(f'<li id="problem{n}">{text}</li>')
    out.append('</ol>')

    out.append('<h2 id="pages">Pages</h2>')
    for pair in spreads(laid.pages):
        out.append('<div class="spread">')
        for side, i in zip(("left", "right"), pair):
            if i is None:
                out.append(f'<div class="slot {side}"></div>')
                continue
            pg = laid.pages[i]
            w, h = sizes[i]
            name = f"pages/page-{i + 1:03d}.png"
            spots = "".join(
                f'<span class="mark" id="m{n}" style="left:{100 * (x - 2) / pg.width:.2f}%;'
                f'top:{100 * (y - 2) / pg.height:.2f}%;width:{100 * (bw + 4) / pg.width:.2f}%;'
                f'height:{100 * (bh + 4) / pg.height:.2f}%"></span>'
                for n, (x, y, bw, bh) in marks.get(i, []))
            fit = f"width:min(46vw,{92 * w / h:.2f}vh)"    # a spread fits the window
            out.append(f'<div class="slot {side}"><figure class="page" id="p{i + 1}">'
                       f'<a href="{name}"><img src="{name}" loading="lazy" width="{w}" '
                       f'height="{h}" style="{fit}" alt="page {escape(labels[i])}"></a>{spots}'
                       f'<figcaption>{i + 1}: {escape(labels[i])}</figcaption></figure></div>')
        out.append('</div>')
    out.append(f'<footer>build <span id="build-id">{build_id}</span></footer></body></html>')
    return "\n".join(out) + "\n"


def _crop(index: int, bbox: tuple, sizes: list[tuple], scale: float) -> str:
    """The problem's line: a window onto the page image (no file of its own)."""
    iw, ih = sizes[index]
    x, y, w, h = bbox
    px, py = CROP_PAD
    left = max(0, int(x * scale) - px)
    top = max(0, int(y * scale) - py)
    width = min(iw - left, int(w * scale) + 2 * px)
    height = min(ih - top, int(h * scale) + 2 * py)
    return (f'<img class="crop" src="pages/page-{index + 1:03d}.png" loading="lazy" '
            f'width="{width}" height="{height}" style="object-position:-{left}px -{top}px" '
            f'alt="">')
