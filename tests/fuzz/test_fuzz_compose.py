"""Fuzzing the composer: random strings of Han, punctuation, Latin, digits and spaces, in runs of
random sizes, at random measures and advance widths. It raises nothing but TypesetError, and what
it returns keeps every character, in order, inside the measure unless marked as an emergency."""
from __future__ import annotations

from fuzz_support import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from typeset.compose import Run, compose_paragraph
from typeset.errors import TypesetError

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·「」"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-/.:%()"
DIGITS = "0123456789"
ALPHABET = HAN + PUNCT + LATIN + DIGITS + " "
EM = 10.0


def text_strategy():
    piece = st.one_of(st.text(alphabet=ALPHABET, min_size=1, max_size=40),
                      st.sampled_from(["https://www.zezhou.gov.cn/xxgk/" + "a" * 60, "PM2.5", "2024年",
                                       "——", "……", "“”", "（（（", "）。”", "a" * 30, "1" * 40]))
    return st.lists(piece, min_size=1, max_size=8).map("".join)


@st.composite
def paragraphs(draw):
    text = draw(text_strategy())
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=4))))
    runs, a = [], 0
    for b in cuts + [len(text)]:
        if b > a:
            size = draw(st.sampled_from([EM, EM, 9.0, 6.0, 14.0]))
            runs.append(Run(text[a:b], draw(st.sampled_from(["song", "hei"])), size))
            a = b
    return runs


@st.composite
def metrics(draw):
    """Advance widths in em: Han 1, and at random widths for the rest (proportional Latin)."""
    latin = draw(st.floats(0.2, 0.7))
    digit = draw(st.floats(0.4, 0.6))
    space = draw(st.floats(0.2, 0.35))
    odd = draw(st.dictionaries(st.sampled_from(LATIN + PUNCT), st.floats(0.1, 1.2), max_size=6))

    def advance(font: str, ch: str) -> float:
        if ch in odd:
            return odd[ch]
        if ch == " ":
            return space
        if ch in DIGITS:
            return digit
        return latin if ch.isascii() else 1.0
    return advance


@FUZZ
@given(runs=paragraphs(), advance=metrics(), width_em=st.floats(0.5, 40.0),
       indent=st.sampled_from([0.0, 0.0, 2.0, 4.0]),
       align=st.sampled_from(["justify", "left", "center", "right"]),
       punctuation=st.sampled_from(["mainland", "quanjiao", "kaiming"]))
def test_composer_raises_only_typeset_error(runs, advance, width_em, indent, align, punctuation):
    width = width_em * EM
    try:
        lines = compose_paragraph(runs, width, advance, em=EM, indent=indent, align=align,
                                  punctuation=punctuation)
    except TypesetError as err:
        assert err.what
        return
    text = "".join(r.text for r in runs)
    assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "")
    for ln in lines:
        if not ln.emergency:
            assert ln.end <= ln.width + 1e-3, (ln.text, ln.end, ln.width)   # xs are rounded to 1e-4
        for r in ln.runs:               # a compressed mark may start left of the line, by its blank
            assert min(r.xs) >= -0.5 * r.size - 1e-3, ln.text
