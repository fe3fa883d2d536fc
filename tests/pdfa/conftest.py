"""Fixtures: the sample PDFs, broken copies of them, and one veraPDF run per flavour for the whole session."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from pdfa_sample import WENKAI, build
from typeset.verapdf import validate_many


def edited(src, dst, edit) -> None:
    """Write a copy of src with edit(writer) applied (pypdf keeps everything else)."""
    writer = PdfWriter(clone_from=PdfReader(src))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    dst.write_bytes(out.getvalue())


def _no_output_intent(writer) -> None:
    del writer.root_object["/OutputIntents"]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The sample in gbsn00lp (AR PL SungtiL GB) and in LXGW WenKai, plus a copy of the 2u file without OutputIntent."""
    root = tmp_path_factory.mktemp("pdfa")
    files = build(root / "song")
    files["wenkai-2u"] = build(root / "wenkai", WENKAI)["2u"]
    files["no-intent"] = root / "no-intent.pdf"
    edited(files["2u"], files["no-intent"], _no_output_intent)
    return files


@pytest.fixture(scope="session")
def verdicts(built):
    """veraPDF results by (file key, flavour): one JVM run per flavour."""
    runs = {"2u": ["2u", "wenkai-2u", "print", "no-intent"], "2b": ["2b"], "3u": ["3u"]}
    out = {}
    for flavour, keys in runs.items():
        for key, result in zip(keys, validate_many([built[k] for k in keys], flavour)):
            out[key, flavour] = result
    return out
