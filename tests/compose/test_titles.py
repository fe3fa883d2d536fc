"""Titles given as one line are broken at word boundaries (typeset.compose.titles): the titles
printed in 2024-02, given joined, come out broken as printed; names, 《》, （）, numbers and
文号 are never broken inside; explicit @title lines stay as written."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from typeset.build import DEFAULT_LAYOUT, chars_by_role, font_cache
from typeset.compose.issue import _Composer, issue_names
from typeset.compose.titles import Segmenter, TitleRules, break_title
from typeset.compose.typesetter import Typesetter
from typeset.fonts.prepare import prepare_fonts
from typeset.layout import load_layout
from typeset.source import load_issue

ROOT = Path(__file__).resolve().parents[2]


def composer(folder):
    lay = load_layout(DEFAULT_LAYOUT)
    issue = load_issue(folder)
    fs = prepare_fonts(chars_by_role(issue, lay), overrides=None, cache_dir=font_cache())
    return issue, lay, _Composer(Typesetter(lay, fs), issue_names(issue))


@pytest.fixture(scope="module")
def setup():
    return composer(ROOT / "source" / "2024-02")


def printed_titles(issue):
    for d in issue.documents():
        yield "title", d.title_lines
        for a in d.attachments:
            yield ("attach-title" if a.label else "enclosure-title"), a.title_lines


def test_2024_titles_given_as_one_line_break_as_printed(setup):
    issue, _, comp = setup
    cases = list(printed_titles(issue))
    assert sum(len(lines) > 1 for _, lines in cases) >= 10
    for style, lines in cases:
        assert comp.title_lines(["".join(lines)], style) == tuple(lines), lines


def test_explicit_title_lines_are_kept(setup):
    _, _, comp = setup
    given = ("泽州县人民政府关于", "做好安全生产工作的通知")
    assert comp.title_lines(list(given), "title") == given


def test_the_one_line_title_of_issue_19_breaks_between_words():
    _, _, comp = composer(ROOT / "tests" / "issues" / "banfa-table")
    lines = comp.title_lines(["示例县人民政府关于印发示例县2025年农村生活污水治理与水环境综合提升"
                              "工作方案的通知"], "title")
    assert lines[0] == "示例县人民政府" or lines[0].startswith("示例县人民政府")
    joined = "".join(lines)
    cuts = [sum(len(x) for x in lines[:k]) for k in range(1, len(lines))]
    assert "生活" not in [joined[c - 1:c + 1] for c in cuts]       # the break the issue saw
    assert all(not comp.segmenter().inside_word(joined, c) for c in cuts)


def test_spans_are_never_broken_inside(setup):
    _, lay, comp = setup
    seg = Segmenter(["泽州县发展改革和科技局"])
    width = lambda s: len(s) * 10.0                                   # noqa: E731
    rules = TitleRules(max_em=16, issuer_line=False)
    cases = {
        "关于启用泽州县发展改革和科技局印章的通知": "泽州县发展改革和科技局",
        "关于做好城市管网建设改造（2024—2025年）的通知": "（2024—2025年）",
        "关于转发泽政发〔2024〕21号文件有关事项的通知": "泽政发〔2024〕21号",
        "关于调整示例县2025年6月起城乡低保标准的通知": "2025年6月",
    }
    for text, span in cases.items():
        lines = break_title(text, width, 10.0, rules, lambda: seg)
        assert len(lines) > 1 and all(len(x) * 10 <= 160 for x in lines), lines
        assert any(span in x for x in lines), (span, lines)
    # control: without the name as a word, the segmenter alone would allow a break inside it
    plain = Segmenter([])
    allowed, _, _ = plain.breaks("关于启用泽州县发展改革和科技局印章的通知")
    inside = range(5, 4 + len("泽州县发展改革和科技局"))
    assert any(k in allowed for k in inside)
    assert not any(k in seg.breaks("关于启用泽州县发展改革和科技局印章的通知")[0] for k in inside)


def test_a_title_that_fits_needs_no_segmenter(setup):
    _, _, comp = setup
    rules = TitleRules(22.5, True)
    called = []
    out = break_title("泽州县人民政府关于做好2024年安全生产工作的通知", lambda s: len(s) * 14.0, 18.0,
                      rules, lambda: called.append(1), ["泽州县人民政府"])
    assert out == ["泽州县人民政府", "关于做好2024年安全生产工作的通知"] and not called
    no_issuer = break_title("泽州县人民政府关于做好2024年安全生产工作的通知", lambda s: len(s) * 14.0,
                            18.0, replace(rules, issuer_line=False), lambda: None, ["泽州县人民政府"])
    assert no_issuer == ["泽州县人民政府关于做好2024年安全生产工作的通知"]


def test_warm_builds_never_load_the_segmenter_and_give_the_same_bytes(tmp_path):
    """Word boundaries are kept in a cache beside the fonts': a warm build does not import rjieba
    (0.15 s), and its PDF is the one a cold build makes."""
    import os
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "TYPESET_FONT_CACHE": str(tmp_path / "cache" / "fonts")}
    probe = ("import sys, build_issue; code = build_issue.main(sys.argv[1:]); "
             "print('rjieba' in sys.modules); sys.exit(code)")
    pdfs, loaded = [], []
    for k in range(2):
        out = tmp_path / f"out{k}"
        done = subprocess.run([sys.executable, "-c", probe, str(root / "source" / "2024-02"),
                               "--out", str(out), "--no-proof", "--quiet"], env=env,
                              capture_output=True, text=True, cwd=root)
        assert done.returncode == 0, done.stderr
        loaded.append(done.stdout.strip().splitlines()[-1])
        pdfs.append((out / "2024-02" / "2024-02.pdf").read_bytes())
    assert loaded == ["True", "False"]
    assert pdfs[0] == pdfs[1]
    assert (tmp_path / "cache" / "segments.json").is_file()
