"""veraPDF, the archives' own validator, passes the PDF/A files and fails broken ones."""
from __future__ import annotations

import pytest

from typeset import verapdf
from typeset.errors import TypesetError


@pytest.mark.parametrize("key,flavour", [("2u", "2u"), ("2b", "2b"), ("3u", "3u"), ("wenkai-2u", "2u")])
def test_pdfa_passes_verapdf(verdicts, key, flavour):
    result = verdicts[key, flavour]
    assert result.passed, result.report
    assert result.failed_rules == []


def test_reportlab_output_alone_fails(verdicts):
    result = verdicts["print", "2u"]
    assert not result.passed
    rules = {r.split(":")[0] for r in result.failed_rules}
    assert {"6.6.2.1-1", "6.2.4.3-2"} <= rules, result.report  # no XMP; DeviceRGB without an OutputIntent


def test_copy_without_output_intent_fails(verdicts):
    result = verdicts["no-intent", "2u"]
    assert not result.passed
    assert any(r.startswith("6.2.4.3-2:") for r in result.failed_rules), result.report
    assert "DeviceRGB" in result.report


def test_unparsable_file_is_a_failure(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really\n")
    result = verapdf.validate(bad)
    assert not result.passed
    assert result.failed_rules and result.failed_rules[0].startswith("not validated")


def test_missing_jar_says_how_to_fix(tmp_path, monkeypatch, built):
    monkeypatch.setattr(verapdf, "VERAPDF_JAR", tmp_path / "absent.jar")
    with pytest.raises(TypesetError, match="setup.sh"):
        verapdf.validate(built["2u"])


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(TypesetError, match="no such PDF"):
        verapdf.validate(tmp_path / "absent.pdf")
