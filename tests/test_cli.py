"""The CLI's other modes: --lint, --pdfa, --dump."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import build_issue

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "issues" / "mini"


def test_lint_lists_findings_and_exits_1(tmp_path, capsys):
    issue = tmp_path / "mini"
    shutil.copytree(MINI, issue)
    doc = issue / "a-tongzhi.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n他说,明天(周一)开会。2024-4-11\n", encoding="utf-8")
    code = build_issue.main(["--lint", str(issue)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{doc}:" in out and "finding(s)" in out
    assert build_issue.main(["--lint", str(MINI)]) == 0


def test_pdfa_variant_and_dump(tmp_path):
    code = build_issue.main([str(MINI), "--out", str(tmp_path), "--pdfa", "3u", "--dump",
                             "--no-proof", "--quiet"])
    assert code == 0
    xmp = PdfReader(tmp_path / "mini" / "mini.pdf").xmp_metadata
    assert xmp.pdfaid_part == "3" and xmp.pdfaid_conformance == "U"
    dump = (tmp_path / "mini" / "layout.txt").read_text(encoding="utf-8")
    assert dump.startswith("page 0 label=封面") and "text body c1" in dump


def test_two_folders_with_one_name_are_refused(tmp_path, capsys):
    other = tmp_path / "elsewhere" / "mini"
    shutil.copytree(MINI, other)
    code = build_issue.main([str(MINI), str(other), "--out", str(tmp_path / "out")])
    assert code == 2 and "two issue folders are named mini" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_shorter_rebuild_leaves_no_old_page_images(tmp_path):
    issue = tmp_path / "x"
    shutil.copytree(MINI, issue)
    assert build_issue.main([str(issue), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    folder = tmp_path / "out" / "x"
    pages = folder / "proof" / "pages"
    n = len(list(pages.glob("page-*.png")))
    extra = f"proof/pages/page-{n + 5:03d}.png"                # as if an earlier build was longer
    (folder / extra).write_bytes(b"stale")
    manifest = folder / ".typeset-manifest.json"
    manifest.write_text(json.dumps(json.loads(manifest.read_text()) + [extra]))
    assert build_issue.main([str(issue), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert len(list(pages.glob("page-*.png"))) == n


def test_a_rebuild_keeps_files_it_did_not_write(tmp_path, capsys):
    issue = tmp_path / "x"
    shutil.copytree(MINI, issue)
    out = tmp_path / "out"
    assert build_issue.main([str(issue), "--out", str(out), "--quiet", "--no-proof"]) == 0
    (out / "x" / "notes.txt").write_text("the proofreader's", encoding="utf-8")
    assert build_issue.main([str(issue), "--out", str(out), "--quiet", "--no-proof"]) == 0
    assert (out / "x" / "notes.txt").read_text(encoding="utf-8") == "the proofreader's"
    # a file of the user's where the build writes is never overwritten
    kept = out / "y" / "y.pdf"
    kept.parent.mkdir()
    kept.write_bytes(b"the printer's original")
    other = tmp_path / "y"
    shutil.copytree(MINI, other)
    capsys.readouterr()
    assert build_issue.main([str(other), "--out", str(out), "--quiet", "--no-proof"]) == 2
    err = capsys.readouterr().err
    assert "y.pdf was not written by a build and would be overwritten" in err
    assert kept.read_bytes() == b"the printer's original"
    assert sorted(p.name for p in out.iterdir()) == ["x", "y"]         # no staging folder left


@pytest.mark.parametrize("where", ["issue", "parent", "inside"])
def test_output_folder_never_inside_or_holding_the_sources(tmp_path, capsys, where):
    src = tmp_path / "src" / "mini"
    shutil.copytree(MINI, src)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    out = {"issue": src.parent, "parent": tmp_path / "src" / "mini" / "..", "inside": src / "out"}[where]
    capsys.readouterr()
    assert build_issue.main([str(src), "--out", str(out), "--quiet", "--no-proof"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "would be inside the issue folder" in err, err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_dot_and_dotdot_build_into_the_folders_name(tmp_path, capsys):
    src = tmp_path / "a" / "mini"
    shutil.copytree(MINI, src)
    out = tmp_path / "out"
    cwd = os.getcwd()
    try:
        os.chdir(src)
        assert build_issue.main([".", "--out", str(out), "--quiet", "--no-proof"]) == 0
        os.chdir(src / "images")
        assert build_issue.main(["..", "--out", str(out), "--quiet", "--no-proof"]) == 0
    finally:
        os.chdir(cwd)
    assert sorted(p.name for p in out.iterdir()) == ["mini"]
    assert (out / "mini" / "mini.pdf").is_file()


def test_text_colour_comes_from_the_layout(tmp_path):
    layout = tmp_path / "red.toml"
    text = (ROOT / "layouts" / "gazette-a4.toml").read_text(encoding="utf-8")
    layout.write_text(text.replace('text = "#000000"', 'text = "#ff0000"'), encoding="utf-8")
    assert build_issue.main([str(MINI), "--out", str(tmp_path), "--layout", str(layout),
                             "--no-proof", "--quiet"]) == 0
    page = PdfReader(tmp_path / "mini" / "mini.pdf").pages[4]
    assert b"1 0 0 rg" in page.get_contents().get_data()


def test_build_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    import gc

    assert gc.isenabled()
    assert build_issue.main([str(MINI), "--out", str(tmp_path), "--no-proof", "--quiet"]) == 0
    assert gc.isenabled()


def test_a_cold_font_cache_gives_the_same_bytes(tmp_path):
    """Which fonts had to be converted (cold) must not change the PDF: the faces come in their
    roles' order, not in the order their conversions finished."""
    import subprocess
    import sys
    issue = tmp_path / "x"
    shutil.copytree(MINI, issue)
    (issue / "c-banfa.txt").open("a", encoding="utf-8").write("\n鑫淼犇骉。\n")   # new to the song role
    env = {**os.environ, "TYPESET_FONT_CACHE": str(tmp_path / "fonts")}
    pdfs = []
    for k in range(2):                                    # cold (song, hei... converted), then warm
        out = tmp_path / f"out{k}"
        done = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(issue), "--out", str(out),
                               "--no-proof", "--quiet"], env=env, capture_output=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr.decode()
        pdfs.append((out / "x" / "x.pdf").read_bytes())
        if k == 0:                                        # make one role cold again, the rest warm
            for p in sorted((tmp_path / "fonts").glob("*.json"))[:2]:
                p.unlink()
    assert pdfs[0] == pdfs[1]
