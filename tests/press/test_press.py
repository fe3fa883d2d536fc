"""The press file (typeset/press.py, issue 17), read as a print shop's RIP reads it: Ghostscript
renders the colour separations of every page (tiffsep), and each plate must carry only the ink
it should: text, rules and table lines on the black plate alone at 100%, the masthead on magenta
and yellow alone at 80%. The content streams hold no RGB colour operator; the archival file is the
same bytes with or without the press file; page boxes; spot colour; the printer's profile (images
converted, PDF/X-4); the guard against RGB; and the press file's share of the build's time.
Controls: the archival (RGB) file fails the separation and RGB checks."""
from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from typeset.build import DEFAULT_LAYOUT, build
from typeset.config import MM, load_layout
from typeset.errors import TypesetError
from typeset.layout.boxes import Box, Rule, TextLine

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source" / "2024-02"
MINI = ROOT / "tests" / "issues" / "mini"
FOGRA = Path("/usr/share/texlive/texmf-dist/tex/generic/colorprofiles/FOGRA39L_coated.icc")
DPI = 72                 # one pixel a point: the boxes below are in pt
PAD = 2                  # px around a box: a glyph's ink past its nominal box
PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
INK_80 = 255 - round(0.8 * 255)      # tiffsep: 255 = no ink, 0 = 100%


def layout_with(tmp: Path, name: str, **keys) -> Path:
    """The default layout with some keys changed (`section__key=value`, TOML values)."""
    text = DEFAULT_LAYOUT.read_text(encoding="utf-8")
    for spec, value in keys.items():
        section, key = spec.split("__")
        start = text.index(f"\n[{section}]\n")
        m = re.compile(rf"^{key} = .*$", re.M).search(text, start)
        text = text[:m.start()] + f"{key} = {value}" + text[m.end():]
    path = tmp / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("press")
    return {"plain": build(SOURCE, out=tmp / "plain"),
            "press": build(SOURCE, out=tmp / "press", press=True),
            "tmp": tmp}


def separations(pdf: Path, tmp: Path) -> list[dict[str, Image.Image]]:
    """Each page's plates (name -> 8-bit image, 255 = no ink), rendered by Ghostscript."""
    folder = tmp / f"sep-{pdf.stem}"
    folder.mkdir()
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep",
                    f"-r{DPI}", f"-sOutputFile={folder}/p%03d.tif", str(pdf)], check=True)
    pages = []
    for n in range(1, len(PdfReader(str(pdf)).pages) + 1):
        plates = {}
        for f in folder.glob(f"p{n:03d}(*).tif"):
            with Image.open(f) as im:
                plates[f.name[5:-5]] = im.copy()
        pages.append(plates)
    return pages


def _box(item, h: float) -> tuple[float, float, float, float] | None:
    """An item's ink box in pt, top-left origin (as laid out)."""
    if isinstance(item, TextLine):
        size = max(run.size for run in item.runs)
        return item.x, item.y - size, item.x + max(item.end, item.width), item.y + size * 0.25
    if isinstance(item, Rule):
        pad = item.width / 2
        return (min(item.x0, item.x1) - pad, min(item.y0, item.y1) - pad,
                max(item.x0, item.x1) + pad, max(item.y0, item.y1) + pad)
    if isinstance(item, Box):
        return item.x, item.y, item.x + item.w, item.y + item.h
    return None


def _px(box, shift: float):
    return tuple(round((v + shift) * DPI / 72) + d for v, d in zip(box, (-PAD, -PAD, PAD, PAD)))


def _inked(im: Image.Image, box=None) -> bool:
    if box:                  # PIL fills a crop past the image with 0, which here means ink
        box = (max(box[0], 0), max(box[1], 0), min(box[2], im.width), min(box[3], im.height))
        if box[0] >= box[2] or box[1] >= box[3]:
            return False
    return (im.crop(box) if box else im).getextrema()[0] < 255


def _without(im: Image.Image, boxes) -> Image.Image:
    im = im.copy()
    draw = ImageDraw.Draw(im)
    for box in boxes:
        draw.rectangle(box, fill=255)
    return im


def plate_faults(laid, pages, red: str, shift=lambda page: 0.0, red_plates=("Magenta", "Yellow"),
                 red_ink=INK_80) -> tuple[list[str], dict[str, set[str]]]:
    """What is wrong with the separations of the laid-out pages, and which plates carry ink for
    text, rules and the masthead. Red items' ink goes on red_plates at red_ink only; everything
    else is black: on the black plate alone, at 100%."""
    faults, found = [], {"text": set(), "rules": set(), "masthead": set()}
    for page, plates in zip(laid.pages, pages):
        where = f"page {page.index}"
        red_boxes, black = [], []
        for item in page.items:
            box = _box(item, page.height)
            if box is None:
                continue
            color = getattr(item, "color", "") or getattr(item, "stroke", "")
            box = _px(box, shift(page))
            if color == red:
                red_boxes.append(box)
                found["masthead"] |= {n for n, im in plates.items() if _inked(im, box)}
            else:
                black.append((item, box))
        for item, box in black:
            kind = "text" if isinstance(item, TextLine) else "rules"
            inked = {n for n, im in plates.items() if _inked(im, box)}
            found[kind] |= inked
            if "Black" not in inked:
                faults.append(f"{where}: no black ink for {kind} at {box}")
        for name, im in plates.items():
            if name in red_plates:
                if _inked(_without(im, red_boxes)):
                    faults.append(f"{where}: {name} ink outside the masthead")
                values = {v for _, v in im.getcolors()} - {255}
                if values - {red_ink}:
                    faults.append(f"{where}: {name} ink at {sorted(values)}, not only {red_ink}")
            elif name == "Black":
                if any(_inked(im, box) for box in red_boxes):
                    faults.append(f"{where}: black ink in the masthead")
                if {v for _, v in im.getcolors()} - {0, 255}:
                    faults.append(f"{where}: black ink below 100%")
            elif _inked(im):
                faults.append(f"{where}: ink on the {name} plate")
    return faults, found


def test_separations_text_on_black_masthead_on_magenta_and_yellow(built):
    result = built["press"]
    pages = separations(result.press_path, built["tmp"])
    assert len(pages) == len(result.laid.pages) == 41
    assert all(set(p) == set(PROCESS) for p in pages)
    faults, found = plate_faults(result.laid, pages, result.layout.colors.masthead)
    assert faults == []
    print(f"plates with ink: {found}")
    assert found == {"text": {"Black"}, "rules": {"Black"}, "masthead": {"Magenta", "Yellow"}}
    # control: the archival file, in RGB, fails (its black becomes four-colour black)
    archive = separations(result.pdf_path, built["tmp"])
    control, found = plate_faults(result.laid, archive, result.layout.colors.masthead)
    assert any("ink on the Cyan plate" in f for f in control)
    assert found["text"] == set(PROCESS)


RGB_OPS = {b"rg", b"RG"}
TOKENS = re.compile(rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|/[^\s/\[\]()<>{}%]+|[^\s/\[\]()<>{}%]+")


def rgb_operators(path: Path) -> list[str]:
    """Every colour operator of every page's content that sets an RGB colour: rg and RG, and cs
    or CS naming an RGB colour space (DeviceRGB, CalRGB, a three-component ICC profile)."""
    found = []
    for n, page in enumerate(PdfReader(str(path)).pages):
        spaces = page["/Resources"].get("/ColorSpace", {})
        for token in TOKENS.findall(page.get_contents().get_data()):
            if token in RGB_OPS:
                found.append(f"page {n}: {token.decode()}")
        for name in re.findall(rb"/(\S+)\s+(?:cs|CS)\b", page.get_contents().get_data()):
            space = spaces.get("/" + name.decode(), "/" + name.decode())
            space = space.get_object() if hasattr(space, "get_object") else space
            family = space[0] if isinstance(space, list) else space
            if family in ("/DeviceRGB", "/CalRGB") or (
                    family == "/ICCBased" and space[1].get_object()["/N"] == 3):
                found.append(f"page {n}: {name.decode()} cs")
    return found


def test_no_rgb_colour_operator(built):
    assert rgb_operators(built["press"].press_path) == []
    assert rgb_operators(built["press"].pdf_path)           # control: the archive has them


def test_archive_unchanged_by_the_press_file(built):
    assert built["press"].pdf == built["plain"].pdf
    assert built["press"].pdf_path.read_bytes() == built["plain"].pdf_path.read_bytes()
    assert built["plain"].press_path is None
    assert not (built["plain"].pdf_path.parent / "2024-02-print.pdf").exists()
    assert built["press"].press_path == built["press"].pdf_path.parent / "2024-02-print.pdf"


def test_same_pages_and_lines(built):
    """The same layout: page for page, the same characters at the same places (pdfium)."""
    def chars(path):
        doc = pdfium.PdfDocument(str(path))
        out = []
        for page in doc:
            tp = page.get_textpage()
            out.append([(tp.get_text_range(i, 1), tuple(round(v, 2) for v in tp.get_charbox(i)))
                        for i in range(tp.count_chars())])
        return out
    archive, press = chars(built["press"].pdf_path), chars(built["press"].press_path)
    assert len(archive) == len(press) == 41 and archive == press


def test_trim_box_on_every_page_no_bleed_without_bleeding(built):
    reader = PdfReader(str(built["press"].press_path))
    a4 = [0, 0, 210 * MM, 297 * MM]
    for page, laid in zip(reader.pages, built["press"].laid.pages):
        assert [round(float(v), 2) for v in page["/TrimBox"]] == \
            [round(v, 2) for v in (0, 0, laid.width, laid.height)]
        assert [float(v) for v in page["/MediaBox"]] == [float(v) for v in page["/TrimBox"]]
        assert "/BleedBox" not in page
    assert [round(float(v), 2) for v in reader.pages[0]["/TrimBox"]] == [round(v, 2) for v in a4]


def test_cover_band_bleeds_only_its_page(built, tmp_path):
    layout = layout_with(tmp_path, "band", cover__band_mm=20)
    result = build(SOURCE, out=tmp_path / "out", layout_path=layout, press=True)
    reader = PdfReader(str(result.press_path))
    b = 3 * MM
    w, h = result.laid.pages[0].width, result.laid.pages[0].height
    cover = reader.pages[0]
    assert [round(float(v), 2) for v in cover["/MediaBox"]] == \
        [round(v, 2) for v in (0, 0, w + 2 * b, h + 2 * b)]
    assert [round(float(v), 2) for v in cover["/BleedBox"]] == \
        [round(float(v), 2) for v in cover["/MediaBox"]]
    assert [round(float(v), 2) for v in cover["/TrimBox"]] == \
        [round(v, 2) for v in (b, b, b + w, b + h)]
    assert all("/BleedBox" not in p for p in reader.pages[1:])
    # moved, not scaled: the cover's characters stand b further right and up, at their size
    plain = pdfium.PdfDocument(str(built["press"].press_path))[0].get_textpage()
    moved = pdfium.PdfDocument(str(result.press_path))[0].get_textpage()
    assert plain.count_chars() == moved.count_chars() > 0
    for i in range(plain.count_chars()):
        a, m = plain.get_charbox(i), moved.get_charbox(i)
        assert all(abs(mv - av - b) < 0.01 for av, mv in zip(a, m))
    # the band's ink reaches the media's edge on magenta and yellow, never on black
    pages = separations(result.press_path, tmp_path)
    assert all(pages[0][n].getpixel((0, 0)) == INK_80 for n in ("Magenta", "Yellow"))
    faults, found = plate_faults(result.laid, pages, result.layout.colors.masthead,
                                 shift=lambda page: b if page.index == 0 else 0.0)
    assert faults == [] and found["masthead"] == {"Magenta", "Yellow"}


def test_spot_colour_plate(tmp_path):
    layout = layout_with(tmp_path, "spot", press__spot='"PANTONE 485 C"')
    result = build(MINI, out=tmp_path / "out", layout_path=layout, press=True)
    pages = separations(result.press_path, tmp_path)
    assert set(pages[0]) == set(PROCESS) | {"PANTONE 485 C"}
    faults, found = plate_faults(result.laid, pages, result.layout.colors.masthead,
                                 red_plates=("PANTONE 485 C",), red_ink=0)
    # the mini issue's seal picture stays RGB (no profile): its page is left out here
    image_pages = {p.index for p in result.laid.pages
                   if any(type(i).__name__ == "ImageItem" for i in p.items)}
    assert [f for f in faults if int(f.split()[1].rstrip(":")) not in image_pages] == []
    assert found["masthead"] == {"PANTONE 485 C"}
    assert found["text"] == {"Black"}
    assert b"/Separation /PANTONE#20485#20C /DeviceCMYK" in result.press_path.read_bytes()


def _image_spaces(path: Path) -> set[str]:
    spaces = set()
    for page in PdfReader(str(path)).pages:
        for xobj in page["/Resources"].get("/XObject", {}).values():
            xobj = xobj.get_object()
            if xobj["/Subtype"] == "/Image":
                spaces.add(str(xobj["/ColorSpace"]))
    return spaces - {"/DeviceGray"}              # a picture's transparency (soft mask)


def test_images_without_a_profile_stay_rgb_with_a_warning(tmp_path):
    result = build(MINI, out=tmp_path / "out", press=True)
    assert result.press_warnings == ("seal.png: kept in RGB in the press file (name the "
                                     "printer's CMYK profile as [press] icc_profile in the "
                                     "layout to convert it)",)
    assert "/DeviceRGB" in _image_spaces(result.press_path)
    data = result.press_path.read_bytes()
    assert b"GTS_PDFX" not in data and b"/OutputIntents" not in data
    # the same bytes from another folder
    elsewhere = shutil.copytree(MINI, tmp_path / "else" / "where" / "mini")
    assert build(elsewhere, out=tmp_path / "o2", press=True).press_path.read_bytes() == data


@pytest.mark.skipif(not FOGRA.is_file(), reason="texlive-base's FOGRA39L profile is missing")
def test_printer_profile_converts_images_and_makes_pdfx4(tmp_path):
    layout = layout_with(tmp_path, "icc", press__icc_profile=f'"{FOGRA}"',
                         press__condition='"FOGRA39"')
    result = build(MINI, out=tmp_path / "out", layout_path=layout, press=True)
    assert result.press_warnings == ()
    assert _image_spaces(result.press_path) == {"/DeviceCMYK"}
    assert rgb_operators(result.press_path) == []
    data = result.press_path.read_bytes()
    assert data.startswith(b"%PDF-1.6")
    reader = PdfReader(io.BytesIO(data))
    intent = reader.root_object["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data() == FOGRA.read_bytes()
    xmp = reader.root_object["/Metadata"].get_object().get_data().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert reader.trailer["/Info"]["/Trapped"] == "/False"
    # the seal, converted: ink on the colour plates where the picture is, nowhere else in colour
    pages = separations(result.press_path, tmp_path)
    (index, item), = [(p.index, i) for p in result.laid.pages for i in p.items
                      if type(i).__name__ == "ImageItem"]
    box = _px((item.x, item.y, item.x + item.w, item.y + item.h), 0)
    assert _inked(pages[index]["Magenta"], box)
    assert not _inked(_without(pages[index]["Cyan"], [box]))
    # same bytes twice
    again = build(MINI, out=tmp_path / "again", layout_path=layout, press=True)
    assert again.press_path.read_bytes() == data


def test_rgb_guard(built):
    """The press canvas refuses an RGB colour (reportlab's enforceColorSpace)."""
    from typeset.pdfmeta import canvas_kwargs, stamp_canvas
    from typeset.build import issue_meta
    from typeset.render import RGB, render
    r = built["press"]
    meta = issue_meta(r.issue)
    kwargs = dict(canvas_kwargs(meta), enforceColorSpace="cmyk")
    with pytest.raises(ValueError, match="CMYK"):
        render(r.laid, r.fontset, lambda c: stamp_canvas(c, meta), kwargs, RGB())


def test_press_bytes_do_not_depend_on_the_shared_operators(built):
    from typeset.build import issue_meta
    from typeset.pdfmeta import canvas_kwargs, stamp_canvas
    from typeset.press import render_press
    r = built["press"]
    meta = issue_meta(r.issue)
    alone, _ = render_press(r.laid, r.fontset, r.layout, meta, lambda c: stamp_canvas(c, meta),
                            canvas_kwargs(meta))
    assert alone == r.press_path.read_bytes()


@pytest.mark.parametrize("key, value, message", [
    ("press__spot", '"Magenta"', "cannot name a spot colour"),
    ("press__spot", '"红"', "cannot name a spot colour"),
    ("press__icc_profile", '"/nonexistent.icc"', "is not a file"),
    ("press__bleed_mm", "50", "more than a press trims"),
    ("cover__band_mm", "90", "reaches the masthead"),
])
def test_press_layout_errors(tmp_path, key, value, message):
    path = layout_with(tmp_path, "bad", **{key: value})
    with pytest.raises(TypesetError, match=message) as err:
        load_layout(path)
    assert err.value.line and err.value.fix


def test_rgb_profile_refused(tmp_path):
    from PIL import ImageCms
    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(TypesetError, match="not a printer's CMYK profile"):
        load_layout(layout_with(tmp_path, "rgb", press__icc_profile=f'"{srgb}"'))


def test_cli_print_flag(tmp_path, capsys):
    import build_issue
    out = tmp_path / "out"
    assert build_issue.main([str(MINI), "--out", str(out), "--print", "--no-proof", "--quiet"]) == 0
    assert (out / "mini" / "mini-print.pdf").is_file() and (out / "mini" / "mini.pdf").is_file()
    assert "warning: seal.png: kept in RGB" in capsys.readouterr().err
    assert build_issue.main([str(MINI), "--out", str(out), "--no-proof", "--quiet"]) == 0
    assert not (out / "mini" / "mini-print.pdf").exists()       # the build's output, replaced


def test_press_adds_at_most_15_percent(tmp_path):
    """The press stages' share of the build: the CLI's own stage times (which leave out Python's
    start), median of three fresh processes (a process's second build would find the font
    programs compressed already, typeset/fonts/type0.py)."""
    shares = []
    for n in range(3):
        run = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(SOURCE), "--print",
                              "--no-proof", "--out", str(tmp_path / f"out{n}")],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        times = {m[1].strip(): float(m[2])
                 for m in re.finditer(r"^\[\d+\] (.{15}) +([\d.]+) s$", run.stdout, re.M)}
        press = times["print"] + times["write print"]
        shares.append(press / (sum(times.values()) - press))
    print(f"press file: +{statistics.median(shares):.1%} of the build's stages")
    assert statistics.median(shares) <= 0.15
