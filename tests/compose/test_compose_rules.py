"""Each rule on made-up widths (Han and full-width marks 1 em, Latin 0.5 em, space 0.25 em); em = 10 pt.
Expected results are worked out by hand in the comments."""
from __future__ import annotations

import pytest

from typeset.compose import GlyphRun, Run, compose_paragraph
from typeset.errors import TypesetError

EM = 10.0


def adv(font: str, ch: str) -> float:
    if ch == " ":
        return 0.25
    return 0.5 if ch.isascii() else 1.0


def compose(text, width_em, **kw):
    runs = [Run(text, "song", EM)] if isinstance(text, str) else text
    kw.setdefault("indent", 0)
    return compose_paragraph(runs, width_em * EM, adv, em=EM, **kw)


def texts(lines):
    return [ln.text for ln in lines]


def xs(line):
    return [x for r in line.runs for x in r.xs]


def test_plain_han_fills_the_grid():
    lines = compose("一二三四五六七八九十", 5)
    assert texts(lines) == ["一二三四五", "六七八九十"]
    assert xs(lines[0]) == [0, 10, 20, 30, 40]
    assert lines[0].end == 50 and lines[0].stretch == 0 and not lines[0].last and lines[1].last


def test_first_line_indent_two_em():
    lines = compose("一二三四五六七八", 5, indent=2)
    assert texts(lines) == ["一二三", "四五六七八"]
    assert xs(lines[0]) == [20, 30, 40] and lines[0].end == 50


def test_line_start_prohibition_pushes_previous_char_down():
    # "一二三四五，" is 6 em; only the line-end comma can shrink (½ em): too little. So 五 goes down
    # with the comma (后推出) and the first line is stretched by 1 em over its 3 gaps.
    lines = compose("一二三四五，六七八九十", 5)
    assert texts(lines) == ["一二三四", "五，六七八", "九十"]
    assert xs(lines[0]) == pytest.approx([0, 13.3333, 26.6667, 40], abs=1e-3)
    assert lines[0].end == pytest.approx(50) and lines[0].stretch == pytest.approx(1 / 3)


def test_compression_comes_before_push_down():
    # "一，二三四。" is 6 em: the line-end 。 gives ½ em, the mid-line ， another ½ em: it fits (先挤进).
    lines = compose("一，二三四。五六七八", 5)
    assert texts(lines) == ["一，二三四。", "五六七八"]
    assert xs(lines[0]) == [0, 10, 15, 25, 35, 45]
    assert lines[0].end == 50 and lines[0].shrink == 1.0 and lines[0].stretch == 0


def test_no_squeeze_pushes_down_instead():
    # The same text with squeezing forbidden (a printer's 先推出): 四 goes down with 。, the
    # first line "一，二三" is stretched by 1 em over its 3 gaps, and 七 joins 八 (no 孤字).
    lines = compose("一，二三四。五六七八", 5, squeeze=False)
    assert texts(lines) == ["一，二三", "四。五六", "七八"]
    assert lines[0].end == pytest.approx(50) and lines[0].shrink == 0
    assert lines[0].stretch == pytest.approx(1 / 3)


def test_line_end_mark_compressed_first():
    # Needs only ½ em: the line-end mark gives it; the mid-line comma keeps its full width.
    lines = compose("一，二三四。五六七八", 5.5)
    assert xs(lines[0]) == [0, 10, 20, 30, 40, 50] and lines[0].end == 55 and lines[0].shrink == 0.5


def test_line_end_prohibition():
    # "一二三四《" would end with 《: the bracket goes down with 五.
    lines = compose("一二三四《五六》七八九十", 5)
    assert texts(lines) == ["一二三四", "《五六》七", "八九十"]
    assert lines[1].runs[0].xs[0] == 0          # an opening bracket at line start keeps its full width


def test_opening_bracket_trim_option():
    lines = compose("一二三四《五六》七八九十", 5, trim_start=True)
    assert texts(lines)[1].startswith("《")
    assert xs(lines[1])[0] == -5                  # origin moved left by the trimmed half em


@pytest.mark.parametrize("pair", ["——", "……"])
def test_dash_and_ellipsis_never_split_nor_start_a_line(pair):
    lines = compose(f"一二三四{pair}五六七八", 5)
    assert texts(lines) == ["一二三", f"四{pair}五六", "七八"]
    assert lines[0].stretch == pytest.approx(1.0)
    # no justification space inside the pair
    lines = compose(f"一二{pair}三四五六七", 5.5)
    x = xs(lines[0])
    assert x[3] - x[2] == 10


@pytest.mark.parametrize("text, expected, end", [
    ("字）。", [0, 10, 15], 25),       # ） loses its right half
    ("字”，", [0, 10, 15], 25),
    ("字。”", [0, 10, 15], 25),
    ("字，“字", [0, 10, 15, 25], 35),  # ， loses its right half; “ keeps its left
    ("字》（字", [0, 10, 15, 25], 35),
    ("字“（字", [0, 10, 15, 25], 35),  # （ loses its left half: its origin moves left by ½ em
    ("字）（字", [0, 10, 15, 25], 35),
    ("字。）", [0, 10, 15], 25),
    ("字、“字", [0, 10, 15, 25], 35),
    ("字：“字", [0, 10, 15, 25], 35),
    ("字”；", [0, 10, 15], 25),
    ("字》，", [0, 10, 15], 25),
])
def test_mainland_pair_compression(text, expected, end):
    (line,) = compose(text, 10)
    assert xs(line) == expected and line.end == end


def test_quanjiao_keeps_full_width():
    (line,) = compose("字）。字", 10, punctuation="quanjiao")
    assert xs(line) == [0, 10, 20, 30] and line.end == 40


def test_kaiming_half_width_except_stops():
    (line,) = compose("字，字。字（字）", 10, punctuation="kaiming")
    # ， half (glyph left), 。 full, （ half (origin moved left ½), ） half
    assert xs(line) == [0, 10, 15, 25, 35, 40, 50, 60]
    assert line.end == 65


def test_no_orphan_on_the_last_line():
    # 11 chars in 5-em lines would leave 一 alone: the second line is pushed (as late as possible).
    lines = compose("一二三四五六七八九十一", 5)
    assert texts(lines) == ["一二三四五", "六七八九", "十一"]
    assert lines[1].end == pytest.approx(50)


def test_orphan_rule_counts_characters_not_marks():
    lines = compose("一二三四五六七八九十一。", 5)
    assert len(lines[-1].text.rstrip("。")) >= 2


def test_numbers_are_never_split_nor_spaced():
    # 一二三四 stretched (1 em), then "12345六七" is 4.75 em (¼ em Han–Latin gap): the ¼ em goes into the
    # two gaps after the number, none inside it.
    lines = compose("一二三四12345六七八九十", 5)
    assert texts(lines) == ["一二三四", "12345六七", "八九十"]
    assert xs(lines[1]) == pytest.approx([0, 5, 10, 15, 20, 28.75, 40])
    assert lines[1].end == pytest.approx(50)


@pytest.mark.parametrize("token", ["347.6942", "5.2%", "30-40", "COVID-19", "PM2.5"])
def test_inseparable_tokens(token):
    from typeset.compose import break_opportunities
    text = f"数据{token}吨"
    ok = break_opportunities(text)
    assert not any(ok[3:2 + len(token)]), token
    assert ok[2] and ok[2 + len(token)] or token.endswith("%")


def test_wenhao_is_one_unit():
    from typeset.compose import break_opportunities
    text = "泽政发〔2024〕21号文件"
    ok = break_opportunities(text)
    assert [i for i in range(1, len(text)) if ok[i]] == [1, 2, 3, 12, 13]


def test_han_latin_gap_quarter_em():
    (line,) = compose("字A字", 10)
    assert xs(line) == [0, 12.5, 20] and line.end == 30
    (line,) = compose("字，A字", 10)                # none beside Chinese punctuation
    assert xs(line) == [0, 10, 20, 27.5]


def test_han_latin_gap_stretches_with_the_line():
    # "六ABCD七" is 4.5 em with its two ¼ em gaps; the ½ em of stretch goes into those same two gaps.
    lines = compose("一二三四五六ABCD七八九", 5)
    assert texts(lines) == ["一二三四五", "六ABCD七", "八九"]
    assert xs(lines[1]) == pytest.approx([0, 15, 20, 25, 30, 40]) and lines[1].end == pytest.approx(50)


def test_han_latin_gap_dropped_at_line_edges():
    # "ABCD六七八" would be 5.25 em (5.125 compressed): too long; "ABCD六七" starts with A at x = 0.
    lines = compose("一二三四五ABCD六七八九十", 5)
    assert texts(lines) == ["一二三四五", "ABCD六七", "八九十"]
    assert lines[0].end == 50 and xs(lines[1])[0] == 0
    assert xs(lines[1])[4] == pytest.approx(20 + 2.5 + 3.75)      # ¼ em gap + 7.5 pt / 2 gaps


def test_latin_word_not_split_and_not_letterspaced():
    lines = compose("一二三四五六七Hello八九十一二", 6)
    assert all("Hello" in ln.text or not set("Hello") & set(ln.text) for ln in lines)
    for ln in lines:
        if "Hello" in ln.text:
            x = xs(ln)
            i = ln.text.index("H")
            assert [x[i + k + 1] - x[i + k] for k in range(4)] == [5, 5, 5, 5]


def test_subscript_run():
    runs = [Run("PM", "song", EM), Run("2.5", "song", 6, rise=-1.5), Run("浓度", "song", EM)]
    (line,) = compose(runs, 10)
    assert line.runs == (GlyphRun("song", EM, "PM", (0, 5)),
                         GlyphRun("song", 6, "2.5", (10, 13, 16), rise=-1.5),
                         GlyphRun("song", EM, "浓度", (21.5, 31.5)))
    assert line.end == 41.5


def test_several_fonts_in_one_line():
    runs = [Run("（一）严格落实。", "hei", EM), Run("各乡镇要落实。", "song", EM)]
    lines = compose(runs, 20)
    assert [r.font for r in lines[0].runs] == ["hei", "song"]
    assert lines[0].runs[1].xs[0] == 80          # （一）严格落实。 8 em: no adjacent marks, nothing compressed


def test_blank_is_one_unit_half_em_per_underscore():
    runs = [Run("联系人：", "song", EM), Run("______", "song", EM, blank=True), Run("电话", "song", EM)]
    (line,) = compose(runs, 20)
    blank = line.runs[1]
    assert blank.blank and blank.xs == (40, 45, 50, 55, 60, 65) and line.runs[2].xs[0] == 70


def test_long_url_emergency_break_inside_the_measure():
    url = "http://www.example.gov.cn/very/long/path/to/a/document/that/never/ends.html"
    lines = compose(f"详见网址{url}为准", 10)
    assert any(ln.emergency for ln in lines)
    for ln in lines:
        assert ln.end <= 100 + 0.01 and min(xs(ln)) >= 0
        if not ln.last:
            assert ln.end == pytest.approx(100, abs=0.01)
    assert "".join(texts(lines)) == f"详见网址{url}为准"


@pytest.mark.parametrize("align, x0", [("center", 40), ("right", 80), ("left", 0)])
def test_aligned_single_line(align, x0):
    (line,) = compose("标题", 10, align=align)
    assert xs(line) == [x0, x0 + 10] and line.stretch == 0


def test_centred_title_lines_are_balanced():
    lines = compose("一二三四五六七", 5, align="center", indent=2)
    assert texts(lines) == ["一二三四", "五六七"]
    assert xs(lines[0])[0] == 5 and xs(lines[1])[0] == 10


def test_left_aligned_lines_are_ragged():
    lines = compose("一二三四五，六七八九十", 5, align="left")
    assert all(ln.stretch == 0 for ln in lines) and texts(lines)[1].startswith("五，")


@pytest.mark.parametrize("kw, message", [
    (dict(width_em=0.5), "narrower than"),
    (dict(width_em=10, align="justified"), "unknown alignment"),
    (dict(width_em=10, punctuation="taiwan"), "unknown punctuation style"),
    (dict(width_em=3, indent=3), "narrower than"),
])
def test_invalid_input_raises_typeset_error(kw, message):
    width = kw.pop("width_em")
    with pytest.raises(TypesetError, match=message):
        compose("一二三", width, **kw)


def test_blank_wider_than_measure_raises():
    with pytest.raises(TypesetError, match="blank"):
        compose([Run("_" * 30, "song", EM, blank=True)], 10)


def test_space_at_a_break_is_dropped():
    lines = compose("一二三四 五六七八", 4)
    assert texts(lines) == ["一二三四", "五六七八"]
    assert (lines[0].start, lines[0].stop, lines[1].start) == (0, 4, 5) and lines[0].end == 40


def test_unjustifiable_line_is_marked_not_raised():
    # "ABCDEFGH" (4 em) alone on a 5-em line has no gap to stretch: letter-spaced and marked.
    lines = compose("一二三四五ABCDEFGH六七八九十", 5)
    (odd,) = [ln for ln in lines if ln.text == "ABCDEFGH"]
    assert odd.emergency and odd.end == pytest.approx(50) and not lines[-1].emergency


def test_empty_paragraph():
    assert compose("", 10) == []


def test_deterministic():
    a = compose("中华人民共和国（PM2.5）“测试”，结果：好。" * 5, 13)
    b = compose("中华人民共和国（PM2.5）“测试”，结果：好。" * 5, 13)
    assert a == b
