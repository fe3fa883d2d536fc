"""The tagged PDF (issue 16): veraPDF passes PDF/A-2a and PDF/UA-1 on 2024-02 and every test issue;
the structure tree read back holds the source's text in reading order, its heading levels, each
table's cells with their spans, the 目录's links; the other variants stay available."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader, PdfWriter

from structure_read import ISSUES, document_text, heading_levels, read_tree, squash, visible
from typeset.build import build, issue_meta
from typeset.layout.tags import structure
from typeset.model import Table
from typeset.pdfa import make_pdfa
from typeset.pdfmeta import canvas_kwargs, stamp_canvas
from typeset.render import render
from typeset.verapdf import validate_many


def _untagged_copy(src, dst) -> None:
    """A copy whose catalog lost its structure tree and MarkInfo (the control veraPDF must fail)."""
    writer = PdfWriter(clone_from=PdfReader(src))
    for key in ("/StructTreeRoot", "/MarkInfo"):
        del writer.root_object[key]
    buf = io.BytesIO()
    writer.write(buf)
    dst.write_bytes(buf.getvalue())


@pytest.fixture(scope="module")
def others(tmp_path_factory):
    """2024-02 and mini as PDF/A-2u, 2b and 3u (one veraPDF run checks each against its claim)."""
    out = tmp_path_factory.mktemp("variants")
    return {(f.name, v): build(f, out=out / v, pdfa=v).pdf_path
            for f in ISSUES if f.name in ("2024-02", "mini") for v in ("2u", "2b", "3u")}


def test_verapdf_passes_2a_and_ua1_on_every_issue_and_fails_an_untagged_copy(builds, others, tmp_path):
    control = tmp_path / "untagged.pdf"
    _untagged_copy(builds["mini"].pdf_path, control)
    files = [r.pdf_path for r in builds.values()]
    for flavour, extra in (("2a", []), ("ua1", [others["2024-02", "2u"]])):
        *results, bad = validate_many(files + extra + [control], flavour)
        for r in results:
            assert r.passed and r.failed_rules == [], r.report
        assert not bad.passed
        rule = "6.7.3.3-1" if flavour == "2a" else "7.1-11"        # no StructTreeRoot
        assert any(f.startswith(rule) for f in bad.failed_rules), bad.report


def test_the_other_variants_remain_and_pass_verapdf(others):
    paths = list(others.values())
    for (name, variant), r in zip(others, validate_many(paths, "0")):   # 0: the file's own claim
        assert r.passed and r.failed_rules == [], r.report
        assert f"PDF/A-{variant.upper()}" in r.report, r.report


def _doc_parts(tree, issue):
    parts = tree.elements
    docs = issue.documents()
    assert [p.kind for p in parts] == ["Part"] * (len(docs) + 4)   # cover, title page, 目录, …, colophon
    return parts[3:3 + len(docs)]


def test_structure_text_in_order_equals_the_source(builds, trees):
    for name, result in builds.items():
        docs = result.issue.documents()
        for part, doc in zip(_doc_parts(trees[name], result.issue), docs):
            assert squash(part.text) == document_text(doc), (name, doc.where)
            assert part.obj["/T"] == doc.title


def test_every_marked_piece_is_in_the_tree_once_and_the_parent_tree_points_back(builds, trees):
    for name, result in builds.items():
        reader = PdfReader(str(result.pdf_path))
        index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
        owner = {}
        for node in trees[name].walk():
            for kid in node.kids:
                if isinstance(kid, tuple) and kid[0] == "mc":
                    assert kid[1:] not in owner, (name, kid)
                    owner[kid[1:]] = node.obj.indirect_reference.idnum
        nums = reader.root_object["/StructTreeRoot"]["/ParentTree"]["/Nums"]
        tree = dict(zip(nums[::2], nums[1::2]))
        pointed = {}
        for p, page in enumerate(reader.pages):
            if "/StructParents" in page:
                for m, ref in enumerate(tree[page["/StructParents"]]):
                    pointed[p, m] = ref.idnum
        assert pointed == owner, name
        assert len(index) == len(reader.pages)


def test_heading_levels_follow_the_source(builds, trees):
    raised = 0
    for name, result in builds.items():
        docs = result.issue.documents()
        want, n = heading_levels(docs)
        raised += n
        for part, levels in zip(_doc_parts(trees[name], result.issue), want):
            got = [int(node.kind[1:]) for node in part.walk()
                   if node.kind[:1] == "H" and node.kind[1:].isdigit()]
            assert got == levels, (name, part.obj["/T"])
        assert any(len(levels) > 2 for levels in want) or name not in ("2024-02", "mini")
    assert raised >= 1          # mini's （1） after a run-in 1.: an H5 would skip H4


def test_run_in_heading_is_a_span_inside_its_paragraph(trees):
    spans = trees["mini"].find("Span")
    assert "（一）明确目标。" in [s.text for s in spans]
    p = next(n for n in trees["mini"].find("P") if n.text.startswith("（一）明确目标。"))
    assert p.elements[0].kind == "Span" and squash(p.text) == "（一）明确目标。全年植树10万株，成活率不低于90%。"


def _cells(node):
    out = []
    for group in node.elements:
        assert group.kind in ("THead", "TBody")
        for tr in group.elements:
            assert tr.kind == "TR"
            row = []
            for cell in tr.elements:
                a = cell.obj.get("/A", {})
                if cell.kind == "TH":
                    assert a.get("/Scope") == "/Column"
                row.append((cell.kind, int(a.get("/RowSpan", 1)), int(a.get("/ColSpan", 1)),
                            squash(cell.text)))
            out.append((group.kind, row))
    return out


def test_table_cells_carry_their_spans(builds, trees):
    spans = set()
    for name, result in builds.items():
        tables = [b for doc in result.issue.documents()
                  for blocks in [doc.blocks] + [a.blocks for a in doc.attachments]
                  for b in blocks if isinstance(b, Table)]
        nodes = trees[name].find("Table")
        assert len(nodes) == len(tables), name
        for node, table in zip(nodes, tables):
            want = [("THead" if k < len(table.header) else "TBody",
                     [("TH" if k < len(table.header) else "TD", c.rowspan, c.colspan,
                       squash(visible(c.spans))) for c in row.cells])
                    for k, row in enumerate(list(table.header) + list(table.rows))]
            assert _cells(node) == want, (name, table.where)
            spans |= {(c.rowspan > 1, c.colspan > 1) for r in table.rows + table.header for c in r.cells}
    assert (True, False) in spans and (False, True) in spans     # ^ and < are both exercised


def test_toc_entries_link_to_their_documents(builds, trees):
    for name, result in builds.items():
        laid = result.laid
        page_of_folio = {p.folio: p.index for p in laid.pages if p.folio is not None}
        reader = PdfReader(str(result.pdf_path))
        index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
        (toc,) = trees[name].find("TOC")
        links = toc.find("Link")
        docs = result.issue.documents()
        assert len(toc.elements) == len(docs) + len(result.issue.sections)
        assert len(links) == len(docs)
        for k, (link, doc) in enumerate(zip(links, docs)):
            assert squash(doc.title + doc.number) in squash(link.text)
            (annot,) = [kid[1] for kid in link.kids if isinstance(kid, tuple) and kid[0] == "annot"]
            assert annot["/Subtype"] == "/Link" and doc.title in annot["/Contents"]
            assert index[annot["/Dest"][0].idnum] == page_of_folio[laid.doc_pages[k]]


def test_figure_has_its_caption_as_alt(trees):
    (figure,) = trees["mini"].find("Figure")
    assert figure.obj["/Alt"] == "示例印章"


def test_reading_order_check_bites(builds):
    """Control: the same PDF with one body page's MCIDs given to the wrong elements."""
    result = builds["mini"]
    meta = issue_meta(result.issue)
    pdf = render(result.laid, result.fontset, lambda c: stamp_canvas(c, meta), canvas_kwargs(meta))
    st = structure(result.laid)
    page = next(i for i, p in enumerate(result.laid.pages) if p.folio == 1)
    mcids = list(st.mcids)
    mcids[page] = tuple(reversed(mcids[page]))
    bad = result.pdf_path.parent / "shuffled.pdf"
    bad.write_bytes(make_pdfa(pdf, meta, "2a", replace(st, mcids=tuple(mcids))))
    part = _doc_parts(read_tree(bad), result.issue)[0]
    assert squash(part.text) != document_text(result.issue.documents()[0])
