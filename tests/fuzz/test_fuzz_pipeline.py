"""Fuzzing the parser and what follows it: random document text (directives, marks, tables,
control characters, very long lines) is parsed, laid out with the real fonts and drawn. Nothing
but TypesetError may come out, and every TypesetError names a file."""
from __future__ import annotations

import shutil

import pytest
from fuzz_support import FUZZ, ROOT
from hypothesis import event, given
from hypothesis import strategies as st
from test_fuzz_compose import DIGITS, HAN, LATIN, PUNCT

from typeset import furniture
from typeset.build import DEFAULT_LAYOUT, chars_by_role
from typeset.errors import TypesetError
from typeset.fonts import ROLES, prepare_fonts
from typeset.compose.issue import compose_issue
from typeset.layout import layout_issue, load_layout
from typeset.render import render
from typeset.source import load_issue

MINI = ROOT / "tests" / "issues" / "mini"
POOL = HAN[:200] + PUNCT + LATIN + DIGITS + " _^{}|<@#\\"
TOML = (MINI / "issue.toml").read_text(encoding="utf-8").split("[[section]]")[0] + \
    '[[section]]\nname = "测试文件"\ndocuments = ["a.txt"]\n'

LINES = st.sampled_from([
    "@title 关于开展测试工作的通知", "@number 测政发〔2025〕1号", "@printed-page 3", "@to 各有关单位：",
    "@sign 某县人民政府", "@date 2025年3月1日", "@public （此件公开发布）", "@attach-note 附件：1.表",
    "@attachment 附件1", "@attachment", "@pagebreak", "@center 此页以下空白", "@right 某局", "@p 一、正文",
    "@h1 标题", "@h4 （1）小标题", "@item 一项", "- 一项", "一、总体要求", "（一）明确目标。全年植树。",
    "1.乡镇责任。各乡镇负责。", "（1）村级组织", "@image images/seal.png width=40mm caption=印章",
    "@table", "@caption 单位：株", "@form", "序号 | 名称 | 数量", "^ | < | 1", "---", "1 | 国槐 | 3000",
    "@printed-break", "@note 注：合并计算。", "@end", "@bogus 词", "# 注释", "",
    "PM_{2.5}浓度", "米^{2}", "电话：_____", "{printed}正文", "\\{\\}\\@\\\\", "{x}", "}", "{",
    "\t", "\x07", "\x00", "\u2028", "\ufeff", "\r",
])
FREE = st.text(alphabet=POOL, max_size=60)
LONG = st.builds(lambda s, k: (s or "长") * k, st.text(alphabet=POOL, min_size=1, max_size=8),
                 st.integers(50, 800))
DOCUMENT = st.lists(st.one_of(LINES, FREE, LONG, st.tuples(LINES, FREE).map("".join)),
                    max_size=30).map("\n".join)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The layout, one font set covering every character the examples can use, and a folder."""
    layout = load_layout(DEFAULT_LAYOUT)
    folder = tmp_path_factory.mktemp("fuzz") / "issue"
    (folder / "images").mkdir(parents=True)
    shutil.copy(MINI / "images" / "seal.png", folder / "images" / "seal.png")
    (folder / "issue.toml").write_text(TOML, encoding="utf-8")
    (folder / "a.txt").write_text("@title 测试\n正文。\n", encoding="utf-8")
    front = "".join(t.text for t in furniture.texts(load_issue(folder), layout))
    chars = set(POOL + front + "测试文件")
    chars |= set("".join(ln for ln in LINES.elements)) - set("\t\x07\x00\u2028\ufeff\r")
    fontset = prepare_fonts({role: dict.fromkeys(sorted(chars)) for role in ROLES},
                            overrides=layout.fonts or None, cache_dir=ROOT / ".cache" / "fonts")
    return layout, fontset, folder


@FUZZ
@given(body=DOCUMENT)
def test_parse_layout_render_raise_only_typeset_error(world, body):
    layout, fontset, folder = world
    (folder / "a.txt").write_bytes(("@title 测试\n" + body).encode("utf-8", "surrogatepass"))
    try:
        issue = load_issue(folder)
        for role, chars in chars_by_role(issue, layout).items():
            if any(not fontset.face_for(role, ch).has(ch) for ch in chars):
                event("a character no font has")
                return      # a character no font has (U+FEFF): prepare_fonts stops a real build here
        laid = layout_issue(compose_issue(issue, layout, fontset), layout, fontset)
        pdf = render(laid, fontset)
    except TypesetError as err:
        event(f"TypesetError{' (no file)' if not err.file else ''}")
        assert err.what
        assert err.file or "measure" in err.what, err.message()   # composer errors: see report
        return
    event("built")
    assert pdf.startswith(b"%PDF-")
