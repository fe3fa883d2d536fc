"""The real issue: its PDF/A-2u passes veraPDF, a copy without the OutputIntent fails, and two
builds into different folders are byte-identical."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from typeset.build import build
from typeset.verapdf import validate_many

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source" / "2024-02"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    a = build(SOURCE, out=tmp_path_factory.mktemp("a"))
    b = build(SOURCE, out=tmp_path_factory.mktemp("b"))
    return a, b


def test_rebuild_is_byte_identical(two_builds):
    a, b = two_builds
    assert a.pdf_path != b.pdf_path
    assert a.pdf_path.read_bytes() == b.pdf_path.read_bytes()


def test_issue_passes_verapdf_and_a_copy_without_output_intent_fails(two_builds, tmp_path):
    built = two_builds[0].pdf_path
    writer = PdfWriter(clone_from=PdfReader(built))
    del writer.root_object["/OutputIntents"]
    buf = io.BytesIO()
    writer.write(buf)
    broken = tmp_path / "no-intent.pdf"
    broken.write_bytes(buf.getvalue())
    good, bad = validate_many([built, broken], "2u")
    assert good.passed and good.failed_rules == [], good.report
    assert not bad.passed and any(r.startswith("6.2.4.3") for r in bad.failed_rules)


def test_source_date_epoch_does_not_change_the_bytes(two_builds, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    again = build(SOURCE, out=tmp_path)
    assert again.pdf_path.read_bytes() == two_builds[0].pdf_path.read_bytes()
