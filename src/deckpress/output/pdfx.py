"""PDF/X: the file ReportLab wrote, finished as a print service's preflight wants it.

`pdfx: x-1a` writes PDF/X-1a:2003 (ISO 15930-4), the edition DriveThruCards' guide names: PDF
1.4, CMYK and grey only, no transparency. `pdfx: x-4` writes PDF/X-4 (ISO 15930-7:2010): PDF 1.6,
transparency kept, RGB pictures tagged as sRGB. Both get the keys the standards ask for in the
document information and XMP metadata, the printing condition as the output intent (with its
ICC profile embedded), a TrimBox and a BleedBox on every page, and a deterministic /ID.

What can only be made right while drawing (colours, pictures, transparency: render/flatten,
render/cmyk_images) was done then; here the finished file is checked, and whatever still
breaks the standard is said as one error rather than written.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from PIL import ImageCms

from ..conditions import Condition
from ..errors import DeckError

VERSIONS = {"x-1a": "1.4", "x-4": "1.6"}  # the PDF each standard is based on
INFO_VERSION = {"x-1a": "PDF/X-1a:2003", "x-4": "PDF/X-4"}
RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/RGB"}
RGB_OPERATORS = {"rg", "RG"}
HINT = ("this is deckpress's fault, not yours: please report it, and meanwhile leave out "
        "--pdfx or use --pdfx x-4")


def finish_pdfx(path: Path, standard: str, condition: Condition, sheets: bool) -> None:
    """Make the PDF at `path` a PDF/X file of `standard` ("x-1a" or "x-4") for `condition`,
    in place; a DeckError if it would not be one."""
    document_id = _uuid(hashlib.sha256(path.read_bytes()).hexdigest())
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            _boxes(page, sheets)
        problems = [*(_x1a_problems(pdf) if standard == "x-1a" else _x4_problems(pdf)),
                    *_unembedded_fonts(pdf)]
        if problems:
            raise DeckError(f"the file would not be {INFO_VERSION[standard]}: "
                            + "; ".join(sorted(set(problems))[:5]), None, HINT)
        pdf.Root.OutputIntents = pikepdf.Array([_output_intent(pdf, condition)])
        _info(pdf, standard)
        pdf.Root.Metadata = pdf.make_stream(_xmp(pdf, standard, document_id).encode("utf-8"),
                                            Type=pikepdf.Name.Metadata,
                                            Subtype=pikepdf.Name.XML)
        del pdf.trailer.ID  # made again from the content (ReportLab's is the same for all)
        pdf.save(path, deterministic_id=True, force_version=VERSIONS[standard],
                 object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 compress_streams=True, fix_metadata_version=False)


def _uuid(digest: str) -> str:
    return f"uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def _boxes(page: pikepdf.Page, sheets: bool) -> None:
    """A TrimBox and a BleedBox on every page. A page of a print service's file has them
    already (the card's cut and its bleed); a sheet is the finished thing the printer makes
    (the cards are cut from it afterwards, by its marks), so its trim is the whole sheet."""
    media = page.obj.MediaBox
    if sheets or "/TrimBox" not in page.obj:
        page.obj.TrimBox = pikepdf.Array(list(media))
    if sheets or "/BleedBox" not in page.obj:
        page.obj.BleedBox = pikepdf.Array(list(media))


def _output_intent(pdf: pikepdf.Pdf, condition: Condition) -> pikepdf.Dictionary:
    profile = pdf.make_stream(condition.profile_bytes(), N=4)
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(condition.identifier),
        OutputCondition=pikepdf.String(condition.condition),
        RegistryName=pikepdf.String(condition.registry),
        Info=pikepdf.String(condition.info), DestOutputProfile=profile)


def _info(pdf: pikepdf.Pdf, standard: str) -> None:
    info = pdf.docinfo
    info.GTS_PDFXVersion = pikepdf.String(INFO_VERSION[standard])
    info.Trapped = pikepdf.Name("/False")
    if "/ModDate" not in info and "/CreationDate" in info:
        info.ModDate = info.CreationDate


def _xmp_date(value: object) -> str:
    """`D:20000101000000+00'00'` as XMP writes it: `2000-01-01T00:00:00+00:00`."""
    text = str(value)[2:]
    stamp = f"{text[0:4]}-{text[4:6]}-{text[6:8]}T{text[8:10]}:{text[10:12]}:{text[12:14]}"
    zone = text[14:].replace("'", "")
    if zone in ("", "Z", "+0000", "-0000"):
        return stamp + "Z"
    return f"{stamp}{zone[0]}{zone[1:3]}:{zone[3:5]}"


def _xmp(pdf: pikepdf.Pdf, standard: str, document_id: str) -> str:
    """The XMP packet: the same title, dates, producer and PDF/X version as the document
    information, and the document's own id (from its content, so the same file each time)."""
    info = pdf.docinfo
    created = _xmp_date(info.get("/CreationDate", "D:20000101000000Z"))
    modified = _xmp_date(info.get("/ModDate", info.get("/CreationDate", "D:20000101000000Z")))

    def text(key: str) -> str:
        return escape(str(info.get(key, "")))

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text("/Author")}</rdf:li></rdf:Seq></dc:creator>
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{modified}</xmp:ModifyDate>
<xmp:MetadataDate>{modified}</xmp:MetadataDate>
<xmp:CreatorTool>{text("/Creator")}</xmp:CreatorTool>
<pdf:Producer>{text("/Producer")}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
<xmpMM:InstanceID>{document_id}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>{INFO_VERSION[standard]}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


# --- what the file holds ---------------------------------------------------------------------


def _streams(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object, pikepdf.Object]]:
    """(label, content holder, resources) of every page and form XObject, each once."""
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        yield f"page {number}", page.obj, resources
        yield from _forms(resources, f"page {number}", seen)


def _forms(resources: pikepdf.Object, label: str,
           seen: set[tuple[int, int]]) -> Iterator[tuple[str, pikepdf.Object, pikepdf.Object]]:
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    for name, xobject in xobjects.items():
        if xobject.get("/Subtype") != "/Form" or xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        inner = xobject.get("/Resources", pikepdf.Dictionary())
        yield f"form {name[1:]} on {label}", xobject, inner
        yield from _forms(inner, label, seen)


def _images(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    seen: set[tuple[int, int]] = set()
    for label, _, resources in _streams(pdf):
        for name, xobject in resources.get("/XObject", pikepdf.Dictionary()).items():
            if xobject.get("/Subtype") == "/Image" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield f"image {name[1:]} in {label}", xobject


def _is_rgb(space: pikepdf.Object) -> bool:
    """Whether a colour space is RGB (device, calibrated, ICC-based or indexed over one)."""
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_SPACES
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family == "/Indexed":
            return _is_rgb(space[1])
        return family in RGB_SPACES
    return False


def _rgb_in_content(label: str, holder: pikepdf.Object,
                    resources: pikepdf.Object) -> Iterator[str]:
    spaces = resources.get("/ColorSpace", pikepdf.Dictionary())
    for instruction in pikepdf.parse_content_stream(holder):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            image = instruction.iimage.obj
            space = image.get("/ColorSpace", image.get("/CS", pikepdf.Name.DeviceGray))
            if _is_rgb(space) or str(space) == "/RGB":
                yield f"an RGB picture inside {label} (in an SVG?)"
            continue
        op = str(instruction.operator)
        if op in RGB_OPERATORS:
            yield f"RGB colour ({op}) in {label}"
        elif op in ("cs", "CS"):
            space = instruction.operands[0]
            if _is_rgb(spaces.get(str(space), space)):
                yield f"RGB colour space in {label}"


def _transparency(label: str, holder: pikepdf.Object, resources: pikepdf.Object) -> Iterator[str]:
    if holder.get("/Group") is not None and holder.Group.get("/S") == "/Transparency":
        yield f"a transparency group on {label}"
    for state in resources.get("/ExtGState", pikepdf.Dictionary()).values():
        for key in ("/ca", "/CA"):
            if key in state and float(state[key]) < 1:
                yield f"opacity {float(state[key]):g} in {label}"
        if str(state.get("/SMask", "/None")) != "/None":
            yield f"a soft mask in {label}"
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            yield f"a blend mode in {label}"


def _x1a_problems(pdf: pikepdf.Pdf) -> Iterator[str]:
    """What PDF/X-1a forbids: RGB (or any colour space but CMYK, grey and spots), transparency."""
    for label, holder, resources in _streams(pdf):
        yield from _rgb_in_content(label, holder, resources)
        yield from _transparency(label, holder, resources)
    for label, image in _images(pdf):
        if _is_rgb(image.get("/ColorSpace", pikepdf.Name.DeviceGray)):
            yield f"an RGB {label}"
        if "/SMask" in image or ("/Mask" in image and isinstance(image.Mask, pikepdf.Stream)):
            yield f"transparent pixels in {label}"


def _x4_problems(pdf: pikepdf.Pdf) -> Iterator[str]:
    """PDF/X-4 keeps transparency, and takes RGB only as ICC-based colour: RGB pictures are
    tagged as sRGB (which is what they are taken to be everywhere else); RGB drawn colours
    cannot be here (PDF/X profiles draw in CMYK)."""
    srgb: pikepdf.Object | None = None
    for _, image in _images(pdf):
        if image.get("/ColorSpace") == pikepdf.Name.DeviceRGB:
            if srgb is None:
                srgb = pikepdf.Array([pikepdf.Name.ICCBased, _srgb_stream(pdf)])
            image.ColorSpace = srgb
    for label, holder, resources in _streams(pdf):
        if any(True for _ in _transparency(label, holder, resources)) \
                or _shows_see_through_pictures(resources):
            _page_group(pdf, label)
        yield from (problem for problem in _rgb_in_content(label, holder, resources)
                    if "picture" not in problem)


def _shows_see_through_pictures(resources: pikepdf.Object) -> bool:
    """Whether a page or form shows a picture with transparent pixels (a soft mask or a mask
    picture): transparency too, though no graphics state says so."""
    return any(xobject.get("/Subtype") == "/Image" and (
        "/SMask" in xobject or isinstance(xobject.get("/Mask"), pikepdf.Stream))
        for xobject in resources.get("/XObject", pikepdf.Dictionary()).values())


def _page_group(pdf: pikepdf.Pdf, label: str) -> None:
    """A page that shows transparency blends in the output's CMYK, as a page group says."""
    number = int(label.split("page ")[-1]) - 1
    page = pdf.pages[number].obj
    if "/Group" not in page:
        page.Group = pikepdf.Dictionary(Type=pikepdf.Name.Group, S=pikepdf.Name.Transparency,
                                        CS=pikepdf.Name.DeviceCMYK)


# an ICC header's creation date (bytes 24-35): 2000-01-01, as ReportLab's invariant mode dates
# the document, so the same input gives the same bytes
FIXED_ICC_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)


def _srgb_stream(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = FIXED_ICC_DATE  # Little CMS writes the time it was made
    return pdf.make_stream(bytes(profile), N=3, Alternate=pikepdf.Name.DeviceRGB)


def _unembedded_fonts(pdf: pikepdf.Pdf) -> Iterator[str]:
    for label, _, resources in _streams(pdf):
        for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
            if font.get("/Subtype") == "/Type3":
                continue
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", pikepdf.Dictionary())
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                yield f"font {name[1:]} ({font.get('/BaseFont', '?')}) not embedded in {label}"
