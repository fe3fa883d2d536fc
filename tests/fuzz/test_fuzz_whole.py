"""Fuzzing the whole build, verification and report included: text with characters past U+FFFF,
combining marks and variation selectors; and layout files with random values. Nothing may come
out but a build (exit 0 or 1) or one error line (exit 2): never a traceback."""
from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys

from fuzz_support import EXAMPLES, FUZZ, ROOT
from hypothesis import event, given, settings
from hypothesis import strategies as st

import build_issue
from typeset.config import SCHEMA

sys.path.insert(0, str(ROOT / "tests" / "errors"))
from errors_support import layout_with  # noqa: E402

MINI = ROOT / "tests" / "issues" / "mini"
RARE = "𬌗𠀀𪚥\u0301\u0308\ufe00\ufe0f\U000e0100\ufffd葛\u200d"
TEXT = st.text(alphabet="一二三四五六七八九十县镇村，。、：" + RARE + "AZaz09-", min_size=1, max_size=80)
FEW = settings(FUZZ, max_examples=max(6, EXAMPLES // 5))


def run(args) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = build_issue.main([str(a) for a in args])
    return code, err.getvalue()


@FEW
@given(lines=st.lists(TEXT, min_size=1, max_size=4), title=TEXT, cell=TEXT)
def test_rare_characters_through_the_whole_build(tmp_path_factory, lines, title, cell):
    tmp = tmp_path_factory.mktemp("whole")
    issue = tmp / "mini"
    shutil.copytree(MINI, issue)
    doc = issue / "c-banfa.txt"
    text = doc.read_text(encoding="utf-8").replace("@title 关于", f"@title 关于{title}", 1)
    doc.write_text(text + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    pifu = issue / "b-pifu.txt"
    pifu.write_text(pifu.read_text(encoding="utf-8").replace("| 国槐 |", f"| 国槐{cell} |"),
                    encoding="utf-8")
    code, err = run([issue, "--out", tmp / "out", "--verify"])
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err
        event("refused: " + err.split(": ", 2)[-1][:40])
        return
    report = json.loads((tmp / "out" / "mini" / "proof" / "report.json").read_text("utf-8"))
    # the made-up text moves no printed page: a build that does not verify read back wrong
    assert code == 0 and report["ok"], (code, report["fidelity"], report["pages"])
    event("built and verified")


VALUES = st.one_of(st.integers(-5, 500), st.floats(allow_nan=True, allow_infinity=True),
                   st.booleans(), st.text(max_size=12), st.sampled_from(
                       ['"{n}"', '"{x}"', '"{"', '"}"', '"{n:>99}"', '"#zz0000"', '"run-on"']))
KEYS = st.sampled_from([(s, k) for s, keys in SCHEMA.items() for k in keys])


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if v != v else ("inf" if v == float("inf") else "-inf" if v < -1e308 else repr(v))
    if isinstance(v, str) and v.startswith('"'):
        return v
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


@FUZZ
@given(changes=st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=3))
def test_random_layout_values_give_a_build_or_one_line(tmp_path_factory, changes):
    tmp = tmp_path_factory.mktemp("layout")
    edits: dict[str, dict[str, str]] = {}
    for (section, key), value in changes:
        edits.setdefault(section, {})[key] = toml_value(value)
    layout = layout_with(tmp, edits)
    code, err = run([MINI, "--out", tmp / "out", "--layout", layout, "--no-proof"])
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err
        event("refused")
    else:
        assert code in (0, 1), err
        event("built")
