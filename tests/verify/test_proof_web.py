"""The web proof (proof/index.html) in a real browser: headless Chromium, driven through its
DevTools protocol, opens the page from the file system (file://, offline)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from typeset import verify
from typeset.build import build, write_atomic
from typeset.verify.web import spreads

from chromium import BINARY, Browser

ROOT = Path(__file__).resolve().parents[2]
needs_chromium = pytest.mark.skipif(
    BINARY is None, reason="chromium is not installed (scripts/setup.sh installs the Debian "
                           "package chromium)")


def proof_of(folder, out):
    result = build(folder, out=out)
    verify.run(result, result.layout, proof=True, quiet=True, write=write_atomic)
    return result, result.pdf_path.parent / "proof"


@pytest.fixture(scope="module")
def issue_2024(tmp_path_factory):
    return proof_of(ROOT / "source" / "2024-02", tmp_path_factory.mktemp("out"))


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


def keep(shot: Path) -> None:
    """Screenshots are test artifacts: under tmp_path, and copied to $PROOF_SCREENSHOT_DIR."""
    target = os.environ.get("PROOF_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / shot.name)


def test_spreads_put_folio_1_on_a_right_hand_page(issue_2024):
    result, _ = issue_2024
    pages = result.laid.pages
    pairs = spreads(pages)
    first = next(p.index for p in pages if p.folio == 1)
    assert [first - 1, first] in pairs
    assert pairs[0] == [None, 0]                           # the cover alone, on the right
    assert sorted(i for pair in pairs for i in pair if i is not None) == list(range(len(pages)))
    for left, right in pairs:                             # even folios on the left
        if left is not None and pages[left].folio:
            assert pages[left].folio % 2 == 0
        if right is not None and pages[right].folio:
            assert pages[right].folio % 2 == 1


@needs_chromium
def test_page_shows_the_checks_every_page_and_links_to_problems(issue_2024, browser, tmp_path):
    result, proof = issue_2024
    browser.open((proof / "index.html").as_uri())
    b = browser
    assert b.js("document.querySelectorAll('#page-numbers td.check.ok').length") == 7
    assert b.js("document.querySelectorAll('#page-numbers td.check.bad').length") == 0
    assert b.js("document.querySelectorAll('#page-numbers tbody tr').length") == 7
    assert "all printed references met" in b.js("document.getElementById('verdict').textContent")
    n = len(result.laid.pages)
    assert b.js("document.querySelectorAll('figure.page img').length") == n
    # Lazy images: none of the last pages is loaded before they come near the window ...
    assert b.js("document.querySelector('#p%d img').naturalWidth" % n) == 0
    # ... and every image loads once the page is scrolled through.
    b.js("""new Promise(async done => {
        for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y); await new Promise(r => setTimeout(r, 20)); }
        done(true); })""")
    b.wait_for("[...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=15)
    widths = b.js("[...document.querySelectorAll('figure.page img')].map(i => i.naturalWidth)")
    assert len(widths) == n and min(widths) > 800           # 1.5 px per pt of an A4 page

    # A problem's link, clicked: the window scrolls to the mark on its page.
    b.js("scrollTo(0, 0)")
    problem = next(k for k, p in enumerate(result.laid.problems) if p.bbox)
    page_no = result.laid.problems[problem].page + 1
    b.js(f"document.querySelector('#problem{problem} a.goto').scrollIntoView({{block:'center'}})")
    x, y = b.js(f"""(() => {{ const r = document.querySelector('#problem{problem} a.goto')
        .getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
    page_top = b.js(f"document.getElementById('p{page_no}').getBoundingClientRect().top")
    assert page_top > b.js("innerHeight")                  # the page is far below, before
    b.click(x, y)
    b.wait_for(f"location.hash === '#m{problem}'")
    b.wait_for(f"""(() => {{ const r = document.getElementById('m{problem}')
        .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }})()""")
    fig = b.js(f"""(() => {{ const r = document.getElementById('p{page_no}')
        .getBoundingClientRect(); return [r.top, r.bottom]; }})()""")
    assert fig[0] < b.js("innerHeight") and fig[1] > 0     # its page is in the window
    assert b.js(f"document.getElementById('m{problem}').closest('figure').id") == f"p{page_no}"
    shot = tmp_path / "proof-2024-02-problem.png"
    data = b.screenshot(shot)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000
    keep(shot)


@needs_chromium
def test_page_reloads_itself_when_a_new_build_lands(tmp_path, browser):
    src = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", src)
    out = tmp_path / "out"
    import build_issue                      # the command: each build replaces out/mini/ whole

    assert build_issue.main([str(src), "--out", str(out), "--quiet"]) == 0
    proof = out / "mini" / "proof"
    first = (proof / "build-id").read_text().strip()
    browser.open((proof / "index.html").as_uri())
    b = browser
    assert b.js("document.getElementById('build-id').textContent") == first
    b.js("window.stillTheOldPage = true")
    b.js("new Promise(r => setTimeout(() => r(true), 1300))")   # a poll that finds nothing new
    assert b.js("window.stillTheOldPage") is True
    text = (src / "a-tongzhi.txt").read_text(encoding="utf-8")
    (src / "a-tongzhi.txt").write_text(text.replace("负责本辖区植树工作", "负责本辖区工作植树"),
                                       encoding="utf-8")
    assert build_issue.main([str(src), "--out", str(out), "--quiet"]) == 0
    second = (proof / "build-id").read_text().strip()
    assert second != first
    b.wait_for(f"document.getElementById('build-id') && "
               f"document.getElementById('build-id').textContent === '{second}'", timeout=10)
    assert b.js("window.stillTheOldPage") is None           # it was reloaded
    shot = tmp_path / "proof-mini-reloaded.png"
    b.screenshot(shot)
    keep(shot)
