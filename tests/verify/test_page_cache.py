"""Page images of pages that did not change are not drawn again, and the proof a warm build
writes is byte for byte the one a fresh build writes."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from typeset import verify
from typeset.build import Reuse, build, write_atomic
from typeset.verify.pagecache import MANIFEST, page_keys

ROOT = Path(__file__).resolve().parents[2]


def proof(src, out, reuse=None):
    result = build(src, out=out, reuse=reuse)
    report = verify.run(result, result.layout, proof=True, quiet=True, write=write_atomic)
    return result, report


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def mini(tmp_path):
    src = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", src)
    return src


def edit(src: Path) -> None:
    """A one-paragraph edit that keeps the issue's characters (so the font subsets stay)."""
    f = src / "a-tongzhi.txt"
    text = f.read_text(encoding="utf-8")
    assert "负责本辖区植树工作" in text
    f.write_text(text.replace("负责本辖区植树工作", "负责本辖区工作植树"), encoding="utf-8")


def test_unchanged_pages_are_reused_and_the_proof_is_the_same(mini, tmp_path):
    out = tmp_path / "out"
    result, report = proof(mini, out)
    n = len(result.laid.pages)
    assert report.drawn == n
    folder = out / "mini"
    cold = files(folder)
    assert "proof/index.html" in cold and "proof/build-id" in cold and f"proof/{MANIFEST}" in cold

    _, report = proof(mini, out)                    # nothing changed: nothing drawn
    assert report.drawn == 0
    assert files(folder) == cold

    reuse = Reuse()
    proof(mini, out, reuse)
    edit(mini)
    result, report = proof(mini, out, reuse)
    assert 0 < report.drawn < n                     # the edited page, not the others
    assert reuse.composed and reuse.reused > 5 * reuse.composed
    warm = files(folder)
    assert warm["proof/build-id"] != cold["proof/build-id"]
    changed = [k for k in cold if k.startswith("proof/pages/") and cold[k] != warm[k]]
    assert len(changed) == report.drawn

    fresh_out = tmp_path / "fresh"                  # the same edit, built from nothing
    _, fresh_report = proof(mini, fresh_out)
    assert fresh_report.drawn == n
    assert files(fresh_out / "mini") == warm


def test_a_damaged_page_image_is_drawn_again(mini, tmp_path):
    out = tmp_path / "out"
    proof(mini, out)
    page = out / "mini" / "proof" / "pages" / "page-002.png"
    good = page.read_bytes()
    page.write_bytes(good[:100])                    # torn, or edited by hand
    _, report = proof(mini, out)
    assert report.drawn == 1 and page.read_bytes() == good
    (out / "mini" / "proof" / MANIFEST).unlink()    # the cache is safe to delete
    result, report = proof(mini, out)
    assert report.drawn == len(result.laid.pages) and page.read_bytes() == good


def test_the_key_sees_what_is_drawn_and_only_that(mini, tmp_path):
    result, _ = proof(mini, tmp_path / "out")
    laid, faces = result.laid, result.fontset.all_faces()
    keys = page_keys(laid.pages, faces, laid.problems, laid.text_color, 1.5)
    assert len(set(keys)) == len(keys)
    page = next(p for p in laid.pages if p.folio == 1)
    k = page.index
    items = list(page.items)
    j = next(i for i, it in enumerate(items) if hasattr(it, "runs") and it.where)
    line = items[j]

    def key_with(item, scale=1.5, color=laid.text_color, problems=laid.problems, faces=faces):
        moved = page.__class__(**{**page.__dict__, "items": tuple(items[:j] + [item] + items[j + 1:])})
        pages = laid.pages[:k] + (moved,) + laid.pages[k + 1:]
        return page_keys(pages, faces, problems, color, scale)[k]

    assert key_with(line) == keys[k]
    assert key_with(line._replace(x=line.x + 0.01)) != keys[k]          # moved
    run = line.runs[0]
    assert key_with(line._replace(runs=(run._replace(text=run.text[::-1]),) + line.runs[1:])) \
        != keys[k]                                                      # other text
    assert key_with(line._replace(color="#ff0000")) != keys[k]
    assert key_with(line, scale=2.0) != keys[k]
    assert key_with(line, color="#111111") != keys[k]
    font = next(f for f in faces if f.pdf_name == run.font)
    other = copy.copy(font)
    other.index = font.index + 1                                        # another face of the file
    assert key_with(line, faces=[other if f is font else f for f in faces]) != keys[k]
    # Its source position is not drawn: a line added above it in the file changes nothing.
    assert key_with(line._replace(where="elsewhere.txt:99", block=12345)) == keys[k]


def test_the_command_reuses_the_last_builds_images_in_its_new_output(mini, tmp_path):
    """build_issue.py writes a whole new output folder (typeset.output) each time: unchanged
    page images are the previous build's files (hard links, the same inode), not drawn again."""
    import build_issue

    out = tmp_path / "out"
    assert build_issue.main([str(mini), "--out", str(out), "--quiet"]) == 0
    pages = out / "mini" / "proof" / "pages"
    before = {p.name: p.stat().st_ino for p in pages.iterdir()}
    edit(mini)
    assert build_issue.main([str(mini), "--out", str(out), "--quiet"]) == 0
    after = {p.name: p.stat().st_ino for p in pages.iterdir()}
    assert sorted(after) == sorted(before)
    new = [name for name in after if after[name] != before[name]]
    assert 0 < len(new) < len(after) / 2
    warm = files(out / "mini")
    assert build_issue.main([str(mini), "--out", str(tmp_path / "fresh"), "--quiet"]) == 0
    assert files(tmp_path / "fresh" / "mini") == warm


def test_a_new_character_redraws_only_its_page(mini, tmp_path):
    """A character new to the issue changes its role's font subset (new file, new PDF name);
    the glyphs of the other pages stay the same, and so do their images."""
    out = tmp_path / "out"
    reuse = Reuse()
    result, _ = proof(mini, out, reuse)
    n = len(result.laid.pages)
    f = mini / "a-tongzhi.txt"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("负责本辖区植树工作", "负责本辖区植树工作鑫"), encoding="utf-8")
    edited, report = proof(mini, out, reuse)
    assert reuse.composed < 5 and reuse.reused > 20, (reuse.composed, reuse.reused, reuse.sources)
    before = {x.role: x.pdf_name for x in result.fontset.all_faces()}
    after = {x.role: x.pdf_name for x in edited.fontset.all_faces()}
    assert before["song"] != after["song"]                  # the subset did change
    assert 0 < report.drawn < n
    warm = files(out / "mini")
    proof(mini, tmp_path / "fresh")
    assert files(tmp_path / "fresh" / "mini") == warm       # the reused images are right
