"""What a PDF says about itself (title, author, dates) and how reportlab is told: the part of the
PDF metadata the render stage needs. The PDF/A post-step (typeset.pdfa) writes the same into XMP."""
from __future__ import annotations

import datetime
import os
from dataclasses import KW_ONLY, dataclass

from typeset.errors import TypesetError


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str
    subject: str
    keywords: str
    _: KW_ONLY
    date: datetime.datetime  # creation = modification date; timezone-aware (see meta_date)
    creator: str = "typeset"
    producer: str = "typeset (reportlab, pypdf)"
    lang: str = "zh-CN"


_CHINA = datetime.timezone(datetime.timedelta(hours=8), "CST")


def pdf_date(date: datetime.datetime) -> str:
    """D:YYYYMMDDHHmmSS+HH'mm' (PDF 32000-1 7.9.4), the same instant as xmp_date()."""
    _check_date(date)
    offset = int(date.utcoffset().total_seconds()) // 60
    sign, offset = ("+" if offset >= 0 else "-"), abs(offset)
    return date.strftime("D:%Y%m%d%H%M%S") + f"{sign}{offset // 60:02d}'{offset % 60:02d}'"


def xmp_date(date: datetime.datetime) -> str:
    _check_date(date)
    return date.replace(microsecond=0).isoformat()


def _check_date(date: datetime.datetime) -> None:
    if date.tzinfo is None or date.utcoffset() is None:
        raise TypesetError(f"PDF date {date} has no time zone",
                           fix="give the issue date with a zone, e.g. datetime(2024, 2, 29, tzinfo=timezone.utc)")


def meta_date(issue_date: datetime.date | None = None, env=os.environ) -> datetime.datetime:
    """The documents' creation date: the issue's date (00:00 China time), else SOURCE_DATE_EPOCH (UTC)."""
    if issue_date is not None:
        return datetime.datetime.combine(issue_date, datetime.time(), _CHINA)
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        raise TypesetError("no date for the PDF metadata",
                           fix="give the issue a date, or set SOURCE_DATE_EPOCH to a Unix time")
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)


def canvas_kwargs(meta: PdfMeta) -> dict:
    """Keyword arguments for reportlab.pdfgen.canvas.Canvas that make its output repeatable.

    invariant=1 fixes reportlab's timestamp (2000-01-01, or SOURCE_DATE_EPOCH) and so its /ID;
    stamp_canvas() then writes meta.date and the Info strings.
    """
    return {"invariant": 1, "pageCompression": 1, "lang": meta.lang}


def stamp_canvas(canvas, meta: PdfMeta) -> None:
    """Write meta into a reportlab canvas's Info dictionary (the dates come from meta, not the clock)."""
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(meta.keywords)
    canvas.setCreator(meta.creator)
    canvas.setProducer(meta.producer)
    stamp = pdf_date(meta.date)
    canvas.setDateFormatter(lambda *_: stamp)
