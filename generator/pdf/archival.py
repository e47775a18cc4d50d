"""PDF/A-2b: what `pkgen build --pdfa` asks of LibreOffice, and keeps in the books.

Each SKPD's PDF is written by LibreOffice's own export filter with SelectPdfVersion=2
(`uno_worker.filter_data`, `office.batch_filter`): PDF/A-2b, every font embedded, an
sRGB output intent, the XMP identification `pdfaid:part 2`, `pdfaid:conformance B`.

A book is put together by pypdf from such PDFs (its pages, fonts and images unchanged),
so it keeps PDF/A-2b when its document level says so again: the output intent of its
front matter (LibreOffice's), one XMP packet agreeing with the document information
dictionary, and a file identifier (`mark_pdfa`). No PDF/A validator (veraPDF) runs here;
the tests check what `pdfa_identification`, the output intent and `fonts_not_embedded`
can see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject, TextStringObject

from generator.templates.properties import DocumentProperties

PDFA_PART = 2
PDFA_CONFORMANCE = "B"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"


@dataclass(frozen=True)
class PdfaIdentification:
    part: int | None
    conformance: str | None

    @property
    def is_pdfa_2b(self) -> bool:
        return self.part == PDFA_PART and (self.conformance or "").upper() == PDFA_CONFORMANCE


def _catalog(reader: PdfReader) -> Any:
    return reader.trailer["/Root"].get_object()


def pdfa_identification(reader: PdfReader) -> PdfaIdentification:
    """The PDF/A part and conformance its XMP metadata declares (None when it has none)."""
    metadata = _catalog(reader).get("/Metadata")
    if metadata is None:
        return PdfaIdentification(None, None)
    root = etree.fromstring(metadata.get_object().get_data())
    part = root.findtext(f".//{{{_PDFAID}}}part")
    conformance = root.findtext(f".//{{{_PDFAID}}}conformance")
    # Some writers put them as attributes of rdf:Description instead of elements.
    for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        part = part or description.get(f"{{{_PDFAID}}}part")
        conformance = conformance or description.get(f"{{{_PDFAID}}}conformance")
    return PdfaIdentification(int(part) if part else None, conformance)


def output_intents(reader: PdfReader) -> list[Any]:
    """The document's output intents (PDF/A needs one: the colour space it is printed in)."""
    intents = _catalog(reader).get("/OutputIntents")
    return list(intents.get_object()) if intents is not None else []


def pdf_date(moment: datetime) -> str:
    """`D:20261204093000+00'00'`."""
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(moment: datetime) -> str:
    """`2026-12-04T09:30:00+00:00`: the same instant as `pdf_date`."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def xmp_packet(properties: DocumentProperties, producer: str, created: datetime) -> bytes:
    """An XMP packet identifying PDF/A-2b, agreeing with the information dictionary that
    `mark_pdfa` writes (title, author, subject, keywords, producer, dates)."""

    def text(value: str) -> str:
        return escape(value)

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="{_PDFAID}">
<pdfaid:part>{PDFA_PART}</pdfaid:part><pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(properties.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text(properties.creator)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(properties.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{text(properties.language)}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Keywords>{text(properties.keyword_text)}</pdf:Keywords><pdf:Producer>{text(producer)}</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>{text(producer)}</xmp:CreatorTool>
<xmp:CreateDate>{xmp_date(created)}</xmp:CreateDate><xmp:ModifyDate>{xmp_date(created)}</xmp:ModifyDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def mark_pdfa(
    writer: PdfWriter,
    intents_from: PdfReader,
    properties: DocumentProperties,
    producer: str,
    created: datetime | None = None,
) -> None:
    """Declare PDF/A-2b on a document assembled from PDF/A-2b files: the output intent of
    `intents_from`, an uncompressed XMP metadata stream, an information dictionary saying
    the same, and a file identifier."""
    intents = _catalog(intents_from).get("/OutputIntents")
    if intents is None:
        raise ValueError("PDF sumber bukan PDF/A (tanpa output intent)")
    moment = created or datetime.now(UTC)
    writer.root_object[NameObject("/OutputIntents")] = intents.get_object().clone(writer)
    stream = DecodedStreamObject()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    stream.set_data(xmp_packet(properties, producer, moment))
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    writer.add_metadata(
        {
            "/Title": properties.title,
            "/Author": properties.creator,
            "/Subject": properties.subject,
            "/Keywords": properties.keyword_text,
            "/Creator": producer,
            "/Producer": producer,
            "/CreationDate": pdf_date(moment),
            "/ModDate": pdf_date(moment),
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(properties.language)
    writer.generate_file_identifiers()
