"""PDF/A post-step: turn a reportlab PDF into PDF/A-2a, 2u, 2b or 3u with pypdf, byte for byte repeatable.

reportlab cannot write /OutputIntents or XMP, so this step adds them after rendering, driven by VARIANTS:
the XMP packet (equal to the Info dictionary), an sRGB OutputIntent, /Lang, printable annotations and a
document /ID hashed from the content. It keeps the input's outline and /PageLabels. Given the layout's
structure (a tagged render), it adds the structure tree (typeset.structtree) and claims PDF/UA-1 too.
"""
from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, IndirectObject,
                           NameObject,
                           NumberObject, TextStringObject, create_string_object)

from typeset.errors import TypesetError
from typeset.pdfmeta import (PdfMeta, canvas_kwargs, meta_date, pdf_date, stamp_canvas,  # noqa: F401
                             xmp_date)


@dataclass(frozen=True)
class Variant:
    part: int         # pdfaid:part
    conformance: str  # pdfaid:conformance
    header: bytes     # PDF version written in the header


VARIANTS = {
    "2a": Variant(2, "A", b"%PDF-1.7"),         # accessible: needs the structure (tagged PDF)
    "2u": Variant(2, "U", b"%PDF-1.7"),
    "2b": Variant(2, "B", b"%PDF-1.7"),
    "3u": Variant(3, "U", b"%PDF-1.7"),
}


# Annotation flags (PDF 32000-1 12.5.3): PDF/A wants Print set, and Hidden, Invisible, NoView clear.
_INVISIBLE, _HIDDEN, _PRINT, _NOVIEW = 1, 2, 4, 32

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>{part}</pdfaid:part>
   <pdfaid:conformance>{conformance}</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
  </rdf:Description>{pdfua}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


# PDF/UA-1's identification (ISO 14289-1 5), and its schema described for PDF/A (ISO 19005-2 6.6.2.3)
_PDFUA = """
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>"""


def srgb_profile() -> bytes:
    """Little CMS's sRGB profile with its creation time (header bytes 24-35) fixed, so that it is repeatable."""
    from PIL import ImageCms        # only here: the rest of the build has no use for it

    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    return bytes(icc)


def make_pdfa(pdf: bytes, meta: PdfMeta, variant: str = "2u", structure=None) -> bytes:
    """Return `pdf` made conformant to PDF/A-`variant` (a key of VARIANTS). Same input, same bytes.
    `structure` (typeset.layout.tags.Structure, for a PDF render tagged) adds the structure tree,
    which PDF/A-2a needs, and makes the file PDF/UA-1 as well.

    The additions are an incremental update (PDF 32000-1 7.5.6): reportlab's bytes stay (but for
    its /ID, see _Update.write), followed by the new catalog, Info, XMP, OutputIntent and any annotation whose flags
    change, their cross-reference section and a trailer with the new /ID."""
    if variant not in VARIANTS:
        raise TypesetError(f"unknown PDF/A variant {variant!r}", fix=f"use one of {', '.join(VARIANTS)}")
    spec = VARIANTS[variant]
    if spec.conformance == "A" and structure is None:
        raise TypesetError(f"PDF/A-{variant} needs a tagged PDF, and no structure was given",
                           fix="build with typeset.build (it tags the PDF), or choose 2u")
    reader = PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted:
        raise TypesetError("PDF/A cannot be made from an encrypted PDF", fix="render without encryption")
    update = _Update(pdf, int(reader.trailer["/Size"]))
    root_ref = reader.trailer.raw_get("/Root")
    root = DictionaryObject(reader.root_object)
    root[NameObject("/Lang")] = TextStringObject(meta.lang)
    root[NameObject("/Metadata")] = update.add(_xmp_stream(meta, spec, ua=structure is not None))
    root[NameObject("/OutputIntents")] = ArrayObject([update.add(_output_intent(update))])
    if structure is not None:
        from typeset.structtree import add_structure
        add_structure(reader, update, root, structure)
    update.put(root_ref, root)
    for page in reader.pages:
        _print_annotations(page, update)
    digest = _content_digest(reader, meta, variant)
    return update.write(id_trailer(root_ref, update.add(_info(meta)), digest), spec.header)


class _Update:
    """New and replaced objects written after a PDF's bytes, with their xref section."""

    def __init__(self, pdf: bytes, size: int):
        self.pdf, self.size = pdf, size
        self.objects: dict[int, tuple[int, object]] = {}      # number -> (generation, object)

    def add(self, obj) -> IndirectObject:
        self.objects[self.size] = 0, obj
        self.size += 1
        return IndirectObject(self.size - 1, 0, None)

    def reserve(self) -> IndirectObject:
        """A number for an object given later with put()."""
        return self.add(None)

    def put(self, ref: IndirectObject, obj) -> None:
        """A new version of the object `ref` names."""
        self.objects[ref.idnum] = ref.generation, obj

    def write(self, trailer: DictionaryObject, header: bytes) -> bytes:
        """The PDF with `header` in place of its own (same length: no offset moves), its old
        trailer's /ID overwritten with the new one (reportlab's follows its clock), and the
        update."""
        start = _STARTXREF.search(self.pdf[-64:])
        if not self.pdf.startswith(b"%PDF-1.") or start is None:
            raise TypesetError("the rendered PDF has no header or no startxref",
                               fix="report this as a bug: reportlab's output was cut short")
        pdf = header + self.pdf[len(header):]
        old = _OLD_ID.search(pdf, int(start.group(1)))
        if old:
            new = trailer["/ID"][0].original_bytes.hex().encode()
            pdf = pdf[:old.start(1)] + new + pdf[old.end(1):old.start(2)] + new + pdf[old.end(2):]
        out = io.BytesIO()
        out.write(pdf)
        if not pdf.endswith(b"\n"):
            out.write(b"\n")
        offsets = {}
        packed = [n for n in sorted(self.objects) if getattr(self.objects[n][1], "packable", False)]
        for number in sorted(set(self.objects) - set(packed)):
            generation, obj = self.objects[number]
            offsets[number] = out.tell(), generation
            out.write(b"%d %d obj\n" % (number, generation))
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        if packed:
            return self._write_packed(out, offsets, packed, trailer, int(start.group(1)))
        xref = out.tell()
        out.write(b"xref\n")
        numbers = sorted(offsets)
        runs: list[list[int]] = []
        for n in numbers:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        for run in runs:
            out.write(b"%d %d\n" % (run[0], len(run)))
            out.writelines(b"%010d %05d n\r\n" % offsets[n] for n in run)
        trailer[NameObject("/Size")] = NumberObject(self.size)
        trailer[NameObject("/Prev")] = NumberObject(int(start.group(1)))
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(b"\nstartxref\n%d\n%%%%EOF\n" % xref)
        return out.getvalue()

    def _write_packed(self, out, offsets, packed, trailer, prev: int) -> bytes:
        """The small objects marked `packable` (the structure tree's thousands) in compressed
        object streams, and the update's cross-reference as a stream (PDF 32000-1 7.5.7, 7.5.8;
        PDF/A-2 allows both): a quarter of their size written plainly."""
        where = {}
        for k in range(0, len(packed), _PACK):
            chunk, number = packed[k:k + _PACK], self.size
            self.size += 1
            head, body = [], io.BytesIO()
            for i, n in enumerate(chunk):
                head.append(b"%d %d" % (n, body.tell()))
                self.objects[n][1].write_to_stream(body)
                body.write(b"\n")
                where[n] = number, i
            first = b" ".join(head) + b"\n"
            data = zlib.compress(first + body.getvalue())
            offsets[number] = out.tell(), 0
            out.write(b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
                      b"stream\n" % (number, len(chunk), len(first), len(data)))
            out.write(data + b"\nendstream\nendobj\n")
        number = self.size
        self.size += 1
        xref = out.tell()
        offsets[number] = xref, 0
        rows = {n: struct.pack(">BIH", 1, off, gen) for n, (off, gen) in offsets.items()}
        rows.update({n: struct.pack(">BIH", 2, s, i) for n, (s, i) in where.items()})
        index = []
        for n in sorted(rows):
            if index and n == index[-2] + index[-1]:
                index[-1] += 1
            else:
                index += [n, 1]
        data = zlib.compress(b"".join(rows[n] for n in sorted(rows)))
        extra = io.BytesIO()
        for key, value in trailer.items():
            key.write_to_stream(extra)
            extra.write(b" ")
            value.write_to_stream(extra)
            extra.write(b" ")
        out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] /Prev %d %s/Filter "
                  b"/FlateDecode /Length %d >>\nstream\n" % (
                      number, self.size, " ".join(map(str, index)).encode(), prev, extra.getvalue(),
                      len(data)))
        out.write(data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref)
        return out.getvalue()


_PACK = 4000         # objects an object stream holds (its index numbers are 2 bytes)
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OLD_ID = re.compile(rb"/ID\s*\[\s*<([0-9a-fA-F]{32})>\s*<([0-9a-fA-F]{32})>\s*\]")


def _print_annotations(page, update: _Update) -> None:
    """PDF/A wants each annotation's Print flag set and Hidden, Invisible and NoView clear."""
    annots = page.get("/Annots")
    if not annots:
        return
    direct = False
    for entry in annots:
        annot = entry.get_object()
        flags = int(annot.get("/F", 0))
        want = (flags | _PRINT) & ~(_INVISIBLE | _HIDDEN | _NOVIEW)
        if want == flags and "/F" in annot:
            continue
        if isinstance(entry, IndirectObject):
            fixed = DictionaryObject(annot)
            fixed[NameObject("/F")] = NumberObject(want)
            update.put(entry, fixed)
        else:
            direct = True
            annot[NameObject("/F")] = NumberObject(want)
    if direct:              # annotations written inside their array: a new array, or a new page
        holder = page.raw_get("/Annots")
        if isinstance(holder, IndirectObject):
            update.put(holder, annots)
        else:
            update.put(page.indirect_reference, DictionaryObject(page))


def _content_digest(reader: PdfReader, meta: PdfMeta, variant: str) -> bytes:
    """A document ID from what the pages show (content streams, page sizes), the metadata and
    the variant: not from reportlab's own timestamp, which SOURCE_DATE_EPOCH changes."""
    h = hashlib.md5(repr((meta, str(variant))).encode(), usedforsecurity=False)
    for page in reader.pages:
        h.update(repr(list(page.mediabox)).encode())
        contents = page.get_contents()
        if contents is not None:
            h.update(contents.get_data())
    return h.digest()


def _info(meta: PdfMeta) -> DictionaryObject:
    date = pdf_date(meta.date)
    info = {"/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject, "/Keywords": meta.keywords,
            "/Creator": meta.creator, "/Producer": meta.producer, "/CreationDate": date, "/ModDate": date}
    return DictionaryObject({NameObject(k): create_string_object(v) for k, v in info.items()})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xmp_stream(meta: PdfMeta, spec: Variant, ua: bool = False) -> DecodedStreamObject:
    return metadata_stream(_XMP.format(part=spec.part, conformance=spec.conformance,
                                       date=xmp_date(meta.date), pdfua=_PDFUA if ua else "",
                                       **xmp_fields(meta)))


def xmp_fields(meta: PdfMeta) -> dict[str, str]:
    """meta's text fields, escaped for an XMP packet."""
    return {k: _escape(v) for k, v in vars(meta).items() if isinstance(v, str)}


def metadata_stream(xmp: str) -> DecodedStreamObject:
    stream = DecodedStreamObject()  # PDF/A forbids filters on the metadata stream
    stream.set_data(xmp.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream


def output_intent(update: _Update, kind: str, profile: bytes, components: int, condition: str,
                  info: str) -> DictionaryObject:
    """An output intent (/GTS_PDFA1, /GTS_PDFX) carrying its ICC profile."""
    icc = DecodedStreamObject()
    icc.set_data(profile)
    icc[NameObject("/N")] = NumberObject(components)
    return DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject(kind),
        NameObject("/OutputConditionIdentifier"): TextStringObject(condition),
        NameObject("/Info"): TextStringObject(info),
        NameObject("/DestOutputProfile"): update.add(icc.flate_encode()),
    })


def _output_intent(update: _Update) -> DictionaryObject:
    return output_intent(update, "/GTS_PDFA1", srgb_profile(), 3, "sRGB IEC61966-2.1",
                         "sRGB IEC61966-2.1")


def id_trailer(root_ref, info_ref, digest: bytes) -> DictionaryObject:
    """The update's trailer: the new catalog and Info, and the document ID from the content."""
    return DictionaryObject({
        NameObject("/Root"): root_ref,
        NameObject("/Info"): info_ref,
        NameObject("/ID"): ArrayObject([ByteStringObject(digest), ByteStringObject(digest)]),
    })
