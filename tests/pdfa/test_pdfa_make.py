"""make_pdfa: what the PDF/A post-step writes, what it keeps, and that rebuilds are byte-identical."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdfa_sample import META, UNTAGGED, WENKAI, render
from typeset.errors import TypesetError
from typeset.pdfa import VARIANTS, make_pdfa, meta_date, pdf_date, xmp_date

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("variant", UNTAGGED)
def test_xmp_declares_the_variant_and_equals_info(built, variant):
    reader = PdfReader(built[variant])
    info, xmp = reader.metadata, reader.xmp_metadata
    raw = reader.root_object["/Metadata"].get_object()
    assert "/Filter" not in raw
    text = raw.get_data().decode("utf-8")
    spec = VARIANTS[variant]
    assert f"<pdfaid:part>{spec.part}</pdfaid:part>" in text
    assert f"<pdfaid:conformance>{spec.conformance}</pdfaid:conformance>" in text
    assert xmp.dc_title == {"x-default": info.title} and info.title == META.title
    assert xmp.dc_creator == [info.author] and info.author == META.author
    assert xmp.dc_description == {"x-default": info.subject} and info.subject == META.subject
    assert xmp.pdf_keywords == info["/Keywords"] == META.keywords
    assert xmp.pdf_producer == info.producer == META.producer
    assert xmp.xmp_creator_tool == info.creator == META.creator
    assert info["/CreationDate"] == info["/ModDate"] == "D:20240229000000+08'00'"
    assert re.search(r"<xmp:CreateDate>2024-02-29T00:00:00\+08:00</xmp:CreateDate>", text)
    assert re.search(r"<xmp:ModifyDate>2024-02-29T00:00:00\+08:00</xmp:ModifyDate>", text)
    assert "&lt;2024-02&gt; &amp; 目录" in text  # XML special characters escaped


def test_catalog_output_intent_lang_and_trailer(built):
    reader = PdfReader(built["2u"])
    root = reader.root_object
    assert root["/Lang"] == "zh-CN"
    (intent,) = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    icc = intent["/DestOutputProfile"].get_object()
    profile = icc.get_data()
    assert icc["/N"] == 3 and profile[36:40] == b"acsp" and profile[16:20] == b"RGB "
    assert "/Encrypt" not in reader.trailer
    assert built["2u"].read_bytes().startswith(b"%PDF-1.7\n")
    first, second = reader.trailer["/ID"]
    assert first == second and len(first.original_bytes) == 16


def test_outline_page_labels_and_annotations_survive(built):
    reader = PdfReader(built["2u"])
    assert [entry.title for entry in reader.outline] == ["目录", "第1篇 通知", "第2篇 通知"]
    assert reader.page_labels == ["I", "1", "2"]
    assert [reader.get_destination_page_number(entry) for entry in reader.outline] == [0, 1, 2]
    (link,) = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert link["/F"] & 4 and not link["/F"] & (1 | 2 | 32)  # Print set; Invisible, Hidden, NoView clear
    assert "/F" not in PdfReader(built["print"]).pages[0]["/Annots"][0].get_object()  # reportlab leaves it out


def test_text_stays_extractable(built):
    text = PdfReader(built["2u"]).pages[1].extract_text()
    assert "泽州县人民政府公报" in text and "《泽州县防汛应急预案》" in text


def test_document_id_follows_the_content():
    pdf = render()
    ids = {make_pdfa(pdf, META)[-300:].split(b"/ID")[1][:80] for _ in range(2)}
    assert len(ids) == 1
    other = make_pdfa(render(WENKAI), META)                 # other glyphs on the pages
    assert other[-300:].split(b"/ID")[1][:80] not in ids
    same = make_pdfa(pdf.replace(b"/Type /Catalog", b"/Type  /Catalog", 1), META)
    assert same[-300:].split(b"/ID")[1][:80] in ids          # not what the pages show
    later = replace(META, date=META.date + datetime.timedelta(days=1))
    assert make_pdfa(pdf, later)[-300:].split(b"/ID")[1][:80] not in ids


def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    """Separate processes, folders, hash seeds and time zones, a second apart (the ICC profile has a clock field)."""
    names = ["print.pdf"] + [f"pdfa-{v}.pdf" for v in UNTAGGED]
    for n, (seed, tz) in enumerate([("1", "UTC"), ("2", "Asia/Shanghai")]):
        if n:
            time.sleep(1.1)
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run([sys.executable, str(HERE / "pdfa_sample.py"), str(tmp_path / f"build{n}")],
                       check=True, env=env, cwd=tmp_path)
    for name in names:
        first, second = (tmp_path / f"build{n}" / name for n in (0, 1))
        assert first.read_bytes() == second.read_bytes(), name
        assert b"2024" in first.read_bytes()


def test_dates():
    cst = datetime.timezone(datetime.timedelta(hours=8))
    date = datetime.datetime(2024, 2, 29, 9, 30, 5, tzinfo=cst)
    assert pdf_date(date) == "D:20240229093005+08'00'"
    assert xmp_date(date) == "2024-02-29T09:30:05+08:00"
    west = datetime.datetime(2024, 2, 29, tzinfo=datetime.timezone(-datetime.timedelta(hours=3, minutes=30)))
    assert pdf_date(west) == "D:20240229000000-03'30'" and xmp_date(west) == "2024-02-29T00:00:00-03:30"
    assert meta_date(datetime.date(2024, 2, 29)) == datetime.datetime(2024, 2, 29, tzinfo=cst)
    assert meta_date(None, {"SOURCE_DATE_EPOCH": "1709136000"}) == datetime.datetime(
        2024, 2, 28, 16, tzinfo=datetime.timezone.utc)
    with pytest.raises(TypesetError, match="SOURCE_DATE_EPOCH"):
        meta_date(None, {})
    with pytest.raises(TypesetError, match="time zone"):
        pdf_date(datetime.datetime(2024, 2, 29))


def test_bad_requests_are_typeset_errors():
    pdf = render()
    with pytest.raises(TypesetError, match="unknown PDF/A variant"):
        make_pdfa(pdf, META, "1b")
    with pytest.raises(TypesetError, match="needs a tagged PDF"):
        make_pdfa(pdf, META, "2a")                 # level A without a structure tree
    naive = replace(META, date=datetime.datetime(2024, 2, 29))
    with pytest.raises(TypesetError, match="time zone"):
        make_pdfa(pdf, naive)


def test_an_update_keeps_the_original_bytes_and_fixes_direct_annotations():
    import io

    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                             NameObject("/Subtype"): NameObject("/Link"),
                             NameObject("/F"): NumberObject(2),            # Hidden
                             NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, 0, 9, 9)])})
    page[NameObject("/Annots")] = ArrayObject([link])                     # written inside the page
    buf = io.BytesIO()
    writer.write(buf)
    original = buf.getvalue()
    out = make_pdfa(original, META)
    assert out[len(b"%PDF-1.7"):len(original)] == original[len(b"%PDF-1.7"):]
    (annot,) = PdfReader(io.BytesIO(out)).pages[0]["/Annots"]
    assert annot.get_object()["/F"] == 4                                   # Print, not Hidden
