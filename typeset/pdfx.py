"""PDF/X-4 identification of the press file (ISO 15930-7), when the layout names the printer's
profile: a GTS_PDFX output intent carrying that profile, XMP with pdfxid:GTS_PDFXVersion and the
xmpMM identifiers, /Trapped /False, PDF 1.6. An incremental update, as typeset.pdfa writes one.
The rest X-4 asks for is the press file's own: everything in CMYK or grey (images converted with
that profile), fonts embedded, a TrimBox on every page."""
from __future__ import annotations

import io
import uuid
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject,
                           NameObject, NumberObject, TextStringObject)

from typeset.pdfa import _content_digest, _escape, _info, _Update
from typeset.pdfmeta import PdfMeta, xmp_date

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def make_pdfx(pdf: bytes, meta: PdfMeta, profile: Path, condition: str = "") -> bytes:
    from PIL import ImageCms

    icc_bytes = Path(profile).read_bytes()
    name = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc_bytes))).strip()
    reader = PdfReader(io.BytesIO(pdf))
    update = _Update(pdf, int(reader.trailer["/Size"]))
    digest = _content_digest(reader, meta, "PDF/X-4")
    icc = DecodedStreamObject()
    icc.set_data(icc_bytes)
    icc[NameObject("/N")] = NumberObject(4)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(condition or name),
        NameObject("/Info"): TextStringObject(name),
        NameObject("/DestOutputProfile"): update.add(icc.flate_encode()),
    })
    fields = {k: _escape(v) for k, v in vars(meta).items() if isinstance(v, str)}
    xmp = DecodedStreamObject()
    xmp.set_data(_XMP.format(date=xmp_date(meta.date), uuid=uuid.UUID(bytes=digest),
                             **fields).encode("utf-8"))
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    root_ref = reader.trailer.raw_get("/Root")
    root = DictionaryObject(reader.root_object)
    root[NameObject("/Lang")] = TextStringObject(meta.lang)
    root[NameObject("/Metadata")] = update.add(xmp)
    root[NameObject("/OutputIntents")] = ArrayObject([update.add(intent)])
    update.put(root_ref, root)
    info = _info(meta)
    info[NameObject("/Trapped")] = NameObject("/False")
    info[NameObject("/GTS_PDFXVersion")] = TextStringObject("PDF/X-4")
    trailer = DictionaryObject({
        NameObject("/Root"): root_ref,
        NameObject("/Info"): update.add(info),
        NameObject("/ID"): ArrayObject([ByteStringObject(digest), ByteStringObject(digest)]),
    })
    return update.write(trailer, b"%PDF-1.6")
