"""prepare_fonts: defaults, cache reuse, determinism, coverage errors and fallbacks, metrics."""
from __future__ import annotations

import re
import subprocess

import pytest
from fontTools.ttLib import TTFont
from fonts_pdfcheck import SAMPLE, used

from typeset.build import parallel_map
from typeset.config import FontOverride
from typeset.errors import TypesetError
from typeset.fonts import ROLES, convert, prepare, prepare_fonts

GKAI = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
RARE = "喆镕堃䶮𬌗"          # not in GB2312 fonts


def test_default_faces(fontset):
    names = {role: face.family for role, face in fontset.faces.items()}
    assert names == {"title": "Noto Serif CJK SC", "song": "Noto Serif CJK SC",
                     "hei": "Noto Sans CJK SC", "kai": "FandolKai", "fang": "FandolFang"}
    assert re.fullmatch(r"title-NotoSerifCJKsc-Bold-[0-9a-f]{8}", fontset.faces["title"].pdf_name)
    assert re.fullmatch(r"song-NotoSerifCJKsc-Regular-[0-9a-f]{8}", fontset.faces["song"].pdf_name)
    assert fontset.warnings == ()


def test_prepared_files_are_truetype_with_full_hmtx(fontset):
    for face in fontset.faces.values():
        tt = TTFont(face.path)
        assert "glyf" in tt and "CFF " not in tt
        assert tt["hhea"].numberOfHMetrics == tt["maxp"].numGlyphs
        assert tt["head"].unitsPerEm == face.units_per_em
        for ch in SAMPLE[face.role]:
            assert face.has(ch)


def test_metrics(fontset):
    song = fontset.faces["song"]
    assert song.advance("人") == 1.0
    assert song.advance("（") == 1.0
    assert (song.ascent, song.descent) == (0.88, -0.12)
    assert song.proportional_latin
    assert song.advance("i") < song.advance("m")
    # advances equal the source font's hmtx
    src = TTFont(song.source, fontNumber=song.index, lazy=True)
    cmap = src.getBestCmap()
    for ch in "2024年第期PM.i":
        assert song.advance(ch) == src["hmtx"][cmap[ord(ch)]][0] / src["head"].unitsPerEm
    # the always set is there though the text lacks it
    assert song.has("7") and song.has("〔") and song.has("…")


def test_gb2312_kai_is_monospaced_latin(cache):
    fs = prepare_fonts({"kai": used("楷体abc")}, {"kai": FontOverride(file=GKAI)}, cache)
    kai = fs.faces["kai"]
    assert kai.units_per_em == 1024 and not kai.proportional_latin
    assert kai.advance("a") == 0.5


def test_cache_reused(fontset, cache, monkeypatch):
    before = {f: f.stat().st_mtime_ns for f in cache.glob("*.ttf")}

    def fail(job):
        raise AssertionError(f"converted {job['path']} again")
    monkeypatch.setattr(convert, "build", fail)
    monkeypatch.setattr(prepare.Resolver, "_fc_match", fail)
    again = prepare_fonts({role: used(SAMPLE[role]) for role in ROLES}, cache_dir=cache)
    assert again.converted == ()
    assert {f: f.stat().st_mtime_ns for f in cache.glob("*.ttf")} == before
    assert {r: f.path for r, f in again.faces.items()} == {r: f.path for r, f in fontset.faces.items()}


def test_same_bytes_from_a_fresh_cache(fontset, tmp_path):
    fresh = prepare_fonts({"song": used(SAMPLE["song"])}, cache_dir=tmp_path)
    assert fresh.converted == (fontset.faces["song"].pdf_name,)
    first = fontset.faces["song"].path
    with open(first, "rb") as a, open(fresh.faces["song"].path, "rb") as b:
        assert a.read() == b.read()


def test_other_chars_other_file(fontset, cache):
    other = prepare_fonts({"song": used(SAMPLE["song"] + "另")}, cache_dir=cache)
    assert other.converted == (other.faces["song"].pdf_name,)
    assert other.faces["song"].path != fontset.faces["song"].path
    assert other.faces["song"].pdf_name != fontset.faces["song"].pdf_name   # reportlab keeps the first


def test_missing_glyph_is_an_error(cache):
    chars = used("正常" + RARE, "issue/01.txt", 7)
    with pytest.raises(TypesetError) as err:
        prepare_fonts({"kai": chars}, {"kai": FontOverride(file=GKAI)}, cache)
    e = err.value
    assert (e.file, e.line) == ("issue/01.txt", 7)
    text = str(e)
    assert "U+5586" in text and "喆" in text and "kai" in text and "AR PL KaitiM GB" in text
    assert "U+2C317" in text            # the others are listed too
    assert "fallback" in e.fix


def test_default_kai_lacks_rare_chars(cache):
    with pytest.raises(TypesetError, match="FandolKai"):
        prepare_fonts({"kai": used("镕")}, cache_dir=cache)


def test_fallback_turns_error_into_warning(cache):
    chars = used("正常" + RARE, "issue/01.txt", 7)
    fs = prepare_fonts({"kai": chars}, {"kai": FontOverride(file=GKAI, fallback=("song",))}, cache)
    kai = fs.faces["kai"]
    assert kai.family == "AR PL KaitiM GB" and kai.has("正")
    fb = fs.face_for("kai", "喆")
    assert fb.family == "Noto Serif CJK SC" and fb.pdf_name.startswith("kai-fb1-")
    assert fs.face_for("kai", "正") is kai
    assert len(fs.warnings) == len(RARE)
    assert "U+5586 喆 (issue/01.txt:7) not in kai font AR PL KaitiM GB; using fallback Noto Serif CJK SC" \
        in fs.warnings
    assert not fb.has("正")            # the fallback holds only what the main face lacks


def test_fallback_chain(cache):
    fb = [{"file": "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"},
          {"family": "LXGW WenKai", "file": "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"}]
    fs = prepare_fonts({"kai": used("中" + RARE)}, {"kai": FontOverride(file=GKAI, fallback=tuple(fb))}, cache)
    # AR PL SungtiL GB (GB2312 too) has none of them: it is skipped
    assert [f.family for f in fs.fallbacks["kai"]] == ["LXGW WenKai"]
    assert fs.face_for("kai", "𬌗").family == "LXGW WenKai"
    assert fs.face_for("kai", "中").family == "AR PL KaitiM GB"
    assert len(fs.warnings) == len(RARE)


def test_no_installed_candidate_names_package(cache):
    cands = [{"family": "No Such Kai", "file": "/nonexistent/nosuchkai.otf", "package": "fonts-nosuch-kai"}]
    with pytest.raises(TypesetError) as err:
        prepare_fonts({"kai": used("中")}, {"kai": FontOverride(candidates=tuple(cands))}, cache)
    assert "no installed font for role kai" in str(err.value)
    assert "apt-get install fonts-nosuch-kai" in err.value.fix


def test_local_toml_replaces_a_role(cache, tmp_path):
    (tmp_path / "fonts.toml").write_text(
        '[[kai]]\nfile = "/nonexistent/a.otf"\npackage = "texlive-lang-chinese"\n', "utf-8")
    with pytest.raises(TypesetError, match="texlive-lang-chinese"):
        prepare_fonts({"kai": used("中")}, cache_dir=cache, fonts_dir=tmp_path)
    (tmp_path / "local.toml").write_text(f'[[kai]]\nfile = "{GKAI}"\n', "utf-8")
    fs = prepare_fonts({"kai": used("中")}, cache_dir=cache, fonts_dir=tmp_path)
    assert fs.faces["kai"].family == "AR PL KaitiM GB"


def test_missing_file_is_named(cache):
    with pytest.raises(TypesetError) as err:
        prepare_fonts({"title": used("中")}, {"title": FontOverride(file="/nowhere/FZXBSJW.TTF")}, cache)
    assert err.value.file == "/nowhere/FZXBSJW.TTF" and "does not exist" in str(err.value)


def test_corrupt_file_is_named(cache, tmp_path):
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"\0\1\0\0" + b"garbage" * 100)
    with pytest.raises(TypesetError) as err:
        prepare_fonts({"song": used("中")}, {"song": FontOverride(file=str(bad))}, cache)
    assert err.value.file == str(bad)


def test_error_from_a_worker_process_keeps_its_file(cache, tmp_path):
    bad = tmp_path / "broken.otf"
    bad.write_bytes(b"OTTO" + b"garbage" * 100)
    overrides = {"song": FontOverride(file=str(bad)), "hei": FontOverride(file=GKAI)}
    with pytest.raises(TypesetError) as err:
        prepare_fonts({"song": used("中"), "hei": used("中")}, overrides, cache, map_jobs=parallel_map)
    assert err.value.file == str(bad) and str(bad) in str(err.value)


def test_wrong_ttc_index_is_caught(cache, tmp_path):
    (tmp_path / "fonts.toml").write_text(
        '[[song]]\nfamily = "Noto Serif CJK SC"\n'
        'file = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"\nindex = 0\n', "utf-8")
    with pytest.raises(TypesetError, match="is not Noto Serif CJK SC"):
        prepare_fonts({"song": used("中")}, cache_dir=cache, fonts_dir=tmp_path)


def test_bad_config(cache):
    with pytest.raises(TypesetError, match="unknown font role"):
        prepare_fonts({"bold": used("中")}, cache_dir=cache)


def test_family_found_by_fontconfig_once(cache, monkeypatch):
    cands = [{"family": "AR PL KaitiM GB", "style": "Regular", "package": "fonts-arphic-gkai00mp"}]
    fs = prepare_fonts({"kai": used("中")}, {"kai": FontOverride(candidates=tuple(cands))}, cache)
    assert fs.faces["kai"].source == GKAI

    def no_subprocess(*args, **kwargs):
        raise AssertionError("fc-match called on the warm path")
    monkeypatch.setattr(subprocess, "run", no_subprocess)
    again = prepare_fonts({"kai": used("中")}, {"kai": FontOverride(candidates=tuple(cands))}, cache)
    assert again.faces["kai"].source == GKAI and again.converted == ()
