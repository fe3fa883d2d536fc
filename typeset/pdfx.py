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
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from typeset.pdfa import (_content_digest, _info, _Update, id_trailer, metadata_stream,
                          output_intent, xmp_fields)
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
    intent = output_intent(update, "/GTS_PDFX", icc_bytes, 4, condition or name, name)
    xmp = metadata_stream(_XMP.format(date=xmp_date(meta.date), uuid=uuid.UUID(bytes=digest),
                                      **xmp_fields(meta)))
    root_ref = reader.trailer.raw_get("/Root")
    root = DictionaryObject(reader.root_object)
    root[NameObject("/Lang")] = TextStringObject(meta.lang)
    root[NameObject("/Metadata")] = update.add(xmp)
    root[NameObject("/OutputIntents")] = ArrayObject([update.add(intent)])
    update.put(root_ref, root)
    info = _info(meta)
    info[NameObject("/Trapped")] = NameObject("/False")
    info[NameObject("/GTS_PDFXVersion")] = TextStringObject("PDF/X-4")
    return update.write(id_trailer(root_ref, update.add(info), digest), b"%PDF-1.6")
