"""Realistic Vietnamese official-document PDFs for tests: layout of Decree 30/2020 Appendix I,
optionally signed like agencies sign them (the person, then the organisation's seal), plus the
bad inputs people really upload (renamed files, empty, truncated, password-protected).

Reusable by the unit, integration and browser suites:

    from tests.unit.documents.pdf_factory import make_incoming_pdf, test_pki
    make_incoming_pdf(tmp_path / "qd.pdf", number=15, notation="QĐ-UBND", signed=True)

Nothing is downloaded: fonts come from Debian's fonts-noto-core (else DejaVu), and the PKI is
made on the spot with `cryptography` (cached once per process).
"""
from __future__ import annotations

import io
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from fpdf import FPDF

from eoffice.documents.doc_types import type_by_abbreviation
from eoffice.signing.validation.pdf import run_coroutine  # pyHanko's sync API fails under a running loop

__all__ = [
    "DocumentSpec",
    "TestPki",
    "test_pki",
    "font_files",
    "build_document_pdf",
    "make_incoming_pdf",
    "sign_pdf_file",
    "sign_pdf_bytes",
    "issue_signer",
    "make_scanned_pdf",
    "make_encrypted_pdf",
    "make_truncated_pdf",
    "make_renamed_text_file",
    "make_active_pdf",
    "make_polyglot_pdf",
    "ACTIVE_KINDS",
]

_FONT_CANDIDATES = [
    tuple(f"/usr/share/fonts/truetype/noto/NotoSerif-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")),
    tuple(f"/usr/share/fonts/truetype/noto/NotoSans-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")),
    tuple(f"/usr/share/fonts/truetype/dejavu/DejaVuSerif{s}.ttf" for s in ("", "-Bold", "-Italic", "-BoldItalic")),
]


def font_files() -> tuple[Path, Path, Path, Path]:
    """Regular, bold, italic, bold-italic files of an installed font with Vietnamese glyphs."""
    for candidate in _FONT_CANDIDATES:
        paths = tuple(Path(p) for p in candidate)
        if all(p.exists() for p in paths):
            return paths  # type: ignore[return-value]
    raise RuntimeError("No Vietnamese font: install the Debian package fonts-noto-core (or fonts-dejavu-core).")


@dataclass
class DocumentSpec:
    """What goes on the page. ``type_name`` "" means a công văn (subject as "V/v ...")."""

    number: int = 15
    notation: str = "QĐ-UBND"
    year_in_notation: Optional[int] = None  # 15/2026/QĐ-UBND for legal normative documents
    parent_agency: str = ""
    agency: str = "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"
    place: str = "Phú Yên"
    issued: date = date(2026, 3, 5)
    type_name: Optional[str] = None  # None: from the notation's abbreviation (QĐ → Quyết định)
    subject: str = "Về việc ban hành Kế hoạch chuyển đổi số tỉnh Phú Yên năm 2026"
    body: Sequence[str] = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 45/TTr-SKHCN.",
    )
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    position: str = "CHỦ TỊCH"
    signer: str = "Nguyễn Văn Hòa"
    recipients: Sequence[str] = ("Như Điều 3;", "Thường trực Tỉnh ủy;", "Lưu: VT, KGVX.")
    extra_pages: int = 0
    decomposed: bool = False  # write every string in NFD, as some agencies' software does
    split_signer: bool = False  # the name drawn word by word with no space characters (Word, some PDF printers)
    # Issued electronically: "Số:      /QĐ-UBND" and "Phú Yên, ngày    tháng    năm 2026" are printed with
    # blanks, and the signing tool stamps the number and the day/month into them as annotations.
    stamped: bool = False
    urgency: str = ""  # "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"

    @property
    def resolved_type_name(self) -> str:
        if self.type_name is not None:
            return self.type_name
        kind = type_by_abbreviation(self.notation.split("-")[0])
        return kind.name if kind else ""

    @property
    def so_ky_hieu(self) -> str:
        middle = f"{self.year_in_notation}/" if self.year_in_notation else ""
        return f"{self.number:02d}/{middle}{self.notation}"


def _new_pdf(decomposed: bool) -> FPDF:
    regular, bold, italic, bold_italic = font_files()
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Doc", "", str(regular))
    pdf.add_font("Doc", "B", str(bold))
    pdf.add_font("Doc", "I", str(italic))
    pdf.add_font("Doc", "BI", str(bold_italic))
    return pdf


def _cell(pdf: FPDF, w: float, h: float, text: str, **kwargs: object) -> None:
    """A paragraph that leaves the cursor under itself, at its own left edge (column layout)."""
    pdf.multi_cell(w, h, text, new_x="LEFT", new_y="NEXT", **kwargs)  # type: ignore[arg-type]


def build_document_pdf(spec: DocumentSpec) -> bytes:
    """The PDF bytes of one official document laid out as Decree 30 Appendix I shows."""
    t = (lambda s: unicodedata.normalize("NFD", s)) if spec.decomposed else (lambda s: s)
    pdf = _new_pdf(spec.decomposed)
    pdf.add_page()
    left_w, right_x, right_w = 70.0, 95.0, 100.0
    top = pdf.get_y()
    # Left column: parent agency (regular), issuing agency (bold), rule, number/notation.
    if spec.parent_agency:
        pdf.set_font("Doc", "", 12)
        _cell(pdf, left_w, 5.5, t(spec.parent_agency.upper()), align="C")
    pdf.set_font("Doc", "B", 12)
    _cell(pdf, left_w, 5.5, t(spec.agency.upper()), align="C")
    y = pdf.get_y() + 1
    pdf.line(pdf.l_margin + left_w / 2 - 12, y, pdf.l_margin + left_w / 2 + 12, y)
    pdf.set_y(y + 2)
    pdf.set_font("Doc", "", 13)
    stamps: list[tuple[float, float, float, str]] = []  # (x, baseline y, width) in mm, text: filled in later
    if spec.stamped:
        number, rest = spec.so_ky_hieu.split("/", 1)
        stamps.append(_blank_line(pdf, t, pdf.l_margin, left_w, ["Số:", None, "/" + rest], [number])[0])
        pdf.ln(6.5)
    else:
        _cell(pdf, left_w, 6.5, t(f"Số: {spec.so_ky_hieu}"), align="C")
    type_name = spec.resolved_type_name
    if not type_name:  # công văn: trích yếu under the number, left column
        pdf.set_font("Doc", "", 12)
        _cell(pdf, left_w, 5.5, t(f"V/v {spec.subject}"), align="C")
    left_bottom = pdf.get_y()
    # Right column: national title, motto, rule, place and date (italic).
    pdf.set_xy(right_x, top)
    pdf.set_font("Doc", "B", 12)
    _cell(pdf, right_w, 5.5, t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), align="C")
    pdf.set_x(right_x)
    pdf.set_font("Doc", "B", 13)
    _cell(pdf, right_w, 6, t("Độc lập - Tự do - Hạnh phúc"), align="C")
    y = pdf.get_y() + 1
    pdf.line(right_x + right_w / 2 - 30, y, right_x + right_w / 2 + 30, y)
    pdf.set_xy(right_x, y + 4)
    pdf.set_font("Doc", "I", 13)
    if spec.stamped:
        stamps += _blank_line(pdf, t, right_x, right_w, [f"{spec.place}, ngày", None, "tháng", None, f"năm {spec.issued.year}"],
                              [f"{spec.issued.day:02d}", f"{spec.issued.month:02d}"])
        pdf.ln(6.5)
    else:
        _cell(pdf,
            right_w, 6.5,
            t(f"{spec.place}, ngày {spec.issued.day:02d} tháng {spec.issued.month:02d} năm {spec.issued.year}"),
            align="C",
        )
    pdf.set_y(max(left_bottom, pdf.get_y()) + 4)
    if spec.urgency:
        pdf.set_font("Doc", "B", 13)
        _cell(pdf, 60, 6, t(spec.urgency), border=1, align="C")
        pdf.ln(2)
    if type_name:
        pdf.set_font("Doc", "B", 14)
        _cell(pdf, 0, 7, t(type_name.upper()), align="C")
        pdf.set_font("Doc", "B", 13)
        _cell(pdf, 0, 6.5, t(spec.subject), align="C")
        y = pdf.get_y() + 1
        pdf.line(95, y, 115, y)
        pdf.ln(5)
        if spec.authority.startswith("TM.") and type_name.upper() == "QUYẾT ĐỊNH":
            pdf.set_font("Doc", "B", 13)
            _cell(pdf, 0, 6.5, t(f"CHỦ TỊCH {spec.agency.upper()}"), align="C")
            pdf.ln(3)
    else:
        pdf.ln(2)
        pdf.set_font("Doc", "", 13)
        _cell(pdf, 0, 6.5, t("Kính gửi: Các sở, ban, ngành thuộc tỉnh."), align="C")
        pdf.ln(3)
    pdf.set_font("Doc", "", 13)
    for paragraph in spec.body:
        _cell(pdf, 0, 6.5, t("        " + paragraph), align="J")
        pdf.ln(1)
    for page in range(spec.extra_pages):
        pdf.add_page()
        _cell(pdf, 0, 6.5, t(f"Điều {page + 2}. Tổ chức thực hiện nội dung tại trang {page + 2}."), align="J")
    # Signature block: recipients left (bold italic), authority / position / name right.
    pdf.ln(6)
    block_top = pdf.get_y()
    if block_top > 230:
        pdf.add_page()
        block_top = pdf.get_y()
    pdf.set_font("Doc", "BI", 12)
    _cell(pdf, 70, 5.5, t("Nơi nhận:"))
    pdf.set_font("Doc", "", 11)
    for line in spec.recipients:
        _cell(pdf, 70, 5, t("- " + line))
    pdf.set_xy(105, block_top)
    pdf.set_font("Doc", "B", 13)
    lines = [spec.authority, spec.position] if spec.authority else [spec.position]
    _cell(pdf, 90, 6.5, t("\n".join(line for line in lines if line)), align="C")
    pdf.set_xy(105, pdf.get_y() + 24)  # room for the signature image and the seal
    if spec.split_signer:
        # The family name and the given names as two text objects with the gap left as space
        # (no " " drawn), the given names first in the content stream — as a signing tool that
        # re-draws part of the block does: reading order and drawing order differ.
        family, given = spec.signer.split(" ", 1)
        pdf.set_stretching(82)  # narrow glyphs, as Times New Roman's are next to this font's
        space = pdf.get_string_width(" ")
        total = pdf.get_string_width(t(family)) + space + pdf.get_string_width(t(given))
        x, baseline = 105 + (90 - total) / 2, pdf.get_y() + 4.6
        pdf.text(x + pdf.get_string_width(t(family)) + space, baseline, t(given))
        pdf.text(x, baseline, t(family))
        pdf.set_stretching(100)
    else:
        _cell(pdf, 90, 6.5, t(spec.signer), align="C")
    data = bytes(pdf.output())
    return _stamp(data, stamps) if stamps else data


def _blank_line(pdf: FPDF, t: object, x0: float, width: float, pieces: list[Optional[str]],
                fills: list[str]) -> list[tuple[float, float, float, str]]:
    """Draw ``pieces`` centred in the column, a blank where a piece is None; return where each
    blank is (for the stamp that fills it with ``fills``)."""
    blank, space = 11.0, pdf.get_string_width(" ")
    widths = [blank if p is None else pdf.get_string_width(t(p)) for p in pieces]  # type: ignore[operator]
    x = x0 + (width - sum(widths) - space * (len(pieces) - 1)) / 2
    baseline = pdf.get_y() + 4.6
    holes = []
    for piece, w in zip(pieces, widths):
        if piece is None:
            holes.append((x, baseline, w, fills[len(holes)]))
        else:
            pdf.text(x, baseline, t(piece))  # type: ignore[operator]
        x += w + space
    return holes


def _stamp(data: bytes, stamps: list[tuple[float, float, float, str]]) -> bytes:
    """Fill the blanks as signing tools do: the number as a FreeText annotation, the day and month
    as text-field widgets, each with an appearance stream; plus a hidden decoy that must not count."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, TextStringObject)

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[0]
    height = float(page.mediabox.height)
    font = writer._add_object(DictionaryObject({  # noqa: SLF001
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    annots = ArrayObject()
    fields = ArrayObject()
    pt = 72 / 25.4

    def annotation(x: float, baseline: float, text: str, *, kind: str, flags: int = 4) -> DictionaryObject:
        left, base = x * pt, height - baseline * pt
        rect = [left, base - 4, left + 11 * pt, base + 12]
        appearance = DecodedStreamObject()
        appearance.set_data(f"/Tx BMC BT /Helv 12 Tf 2 4 Td ({text}) Tj ET EMC".encode("latin-1"))
        appearance.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(rect[2] - rect[0]),
                                              FloatObject(rect[3] - rect[1])]),
            NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/Helv"): font})}),
        })
        entries = {
            NameObject("/Type"): NameObject("/Annot"), NameObject("/F"): NumberObject(flags),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),  # noqa: SLF001
        }
        if kind == "widget":
            entries.update({NameObject("/Subtype"): NameObject("/Widget"), NameObject("/FT"): NameObject("/Tx"),
                            NameObject("/T"): TextStringObject(f"field{len(fields)}"),
                            NameObject("/V"): TextStringObject(text), NameObject("/DA"): TextStringObject("/Helv 12 Tf 0 g")})
        else:
            entries.update({NameObject("/Subtype"): NameObject("/FreeText"), NameObject("/Contents"): TextStringObject(text),
                            NameObject("/DA"): TextStringObject("/Helv 12 Tf 0 g")})
        return DictionaryObject(entries)

    for index, (x, baseline, _, text) in enumerate(stamps):
        annot = writer._add_object(annotation(x, baseline, text, kind="freetext" if index == 0 else "widget"))  # noqa: SLF001
        annots.append(annot)
        if index:
            fields.append(annot)
    # A hidden annotation (flag 2) far from the header: what is not shown must not pre-fill.
    x, baseline = stamps[0][0], stamps[0][1]
    annots.append(writer._add_object(annotation(x + 60, baseline + 200, "So: 99/QD-GIA", kind="freetext", flags=2)))  # noqa: SLF001
    page[NameObject("/Annots")] = annots
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({  # noqa: SLF001
        NameObject("/Fields"): fields,
        NameObject("/DR"): DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/Helv"): font})})})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- A test PKI: root CA, a person's certificate, the agency's seal certificate ------------

@dataclass
class TestPki:
    """PEM files of a private CA and two signers, in ``directory``."""

    __test__ = False  # not a pytest test class

    directory: Path
    root_cert: Path
    root_key: Path
    person_cert: Path
    person_key: Path
    seal_cert: Path
    seal_key: Path
    person_name: str = "Nguyễn Văn Hòa"  # stored in the certificate in NFD
    seal_name: str = "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"
    organisation: str = "Ủy ban nhân dân tỉnh Phú Yên"
    extra: dict[str, Path] = field(default_factory=dict)

    def root_der(self) -> bytes:
        cert = x509.load_pem_x509_certificate(self.root_cert.read_bytes())
        return cert.public_bytes(serialization.Encoding.DER)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _pem_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _issue(subject: x509.Name, key: rsa.RSAPrivateKey, issuer: x509.Name, issuer_key: rsa.RSAPrivateKey,
           *, ca: bool, now: datetime, days: int) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False), critical=True,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def build_pki(directory: Path, *, root_name: str = "eoffice Test Root CA") -> TestPki:
    """Create a root CA and two signer certificates (person with an NFD name, agency seal)."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(timezone.utc)
    root_key = _key()
    root_subject = _name(root_name, "eoffice tests")
    root = _issue(root_subject, root_key, root_subject, root_key, ca=True, now=now, days=3650)
    pki = TestPki(
        directory=directory,
        root_cert=_write(directory / "root.pem", root.public_bytes(serialization.Encoding.PEM)),
        root_key=_write(directory / "root.key", _pem_key(root_key)),
        person_cert=directory / "person.pem", person_key=directory / "person.key",
        seal_cert=directory / "seal.pem", seal_key=directory / "seal.key",
    )
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731 - as real Vietnamese tokens carry them
    for cert_path, key_path, common_name in (
        (pki.person_cert, pki.person_key, pki.person_name),
        (pki.seal_cert, pki.seal_key, pki.seal_name),
    ):
        key = _key()
        cert = _issue(_name(nfd(common_name), nfd(pki.organisation)), key, root_subject, root_key,
                      ca=False, now=now, days=365)
        _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        _write(key_path, _pem_key(key))
    return pki


def root_of(pki: TestPki) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The PKI's root certificate and key, to issue more certificates under it (the signing
    tests' TSA and intermediate CA in tests/unit/signing/pki_extras.py come from here too)."""
    root = x509.load_pem_x509_certificate(pki.root_cert.read_bytes())
    root_key = serialization.load_pem_private_key(pki.root_key.read_bytes(), password=None)
    return root, root_key  # type: ignore[return-value]


def issue_signer(pki: TestPki, name: str, *, common_name: str, valid_from: datetime,
                 valid_to: datetime) -> tuple[Path, Path]:
    """One more signer certificate from the PKI's root, with the validity period given (an
    expired token's certificate, say). Returns (certificate, key) PEM paths."""
    root, root_key = root_of(pki)
    key = _key()
    now = valid_from + timedelta(days=1)  # _issue starts validity one day before "now"
    cert = _issue(_name(common_name, pki.organisation), key, root.subject, root_key,  # type: ignore[arg-type]
                  ca=False, now=now, days=(valid_to - now).days)
    paths = (pki.directory / f"{name}.pem", pki.directory / f"{name}.key")
    _write(paths[0], cert.public_bytes(serialization.Encoding.PEM))
    _write(paths[1], _pem_key(key))
    return paths


@lru_cache(maxsize=1)
def test_pki() -> TestPki:
    """One PKI per test process (RSA key generation is the slow part)."""
    return build_pki(Path(tempfile.mkdtemp(prefix="eoffice-test-pki-")))


test_pki.__test__ = False  # type: ignore[attr-defined]


def sign_pdf_bytes(data: bytes, *, cert: Path, key: Path, ca_chain: Sequence[Path] = (),
                   field_name: str = "Signature1", reason: Optional[str] = None,
                   location: Optional[str] = None, box: Optional[tuple[int, int, int, int]] = None,
                   md_algorithm: str = "sha256", pkcs7: bool = False) -> bytes:
    """Add one signature as an incremental update (earlier ones stay valid).

    Invisible PAdES by default. ``box`` (x1, y1, x2, y2 on page 1) makes it visible, with a
    text stamp, as Vietnamese signing tools place the leader's and the seal's images;
    ``pkcs7`` uses the older adbe.pkcs7.detached sub-filter many of those tools still write;
    ``md_algorithm="sha1"`` is what old USB tokens produce."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    signer = signers.SimpleSigner.load(str(key), str(cert), ca_chain_files=tuple(str(p) for p in ca_chain))
    if signer is None:
        raise RuntimeError(f"could not load the signing key {key}")
    subfilter = fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED if pkcs7 else fields.SigSeedSubFilter.PADES
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=subfilter, md_algorithm=md_algorithm,
        reason=reason, location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if box is None:
        return run_coroutine(signers.async_sign_pdf(writer, meta, signer=signer)).getvalue()
    pdf_signer = signers.PdfSigner(
        meta, signer=signer,
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=0, box=box),
        stamp_style=TextStampStyle(stamp_text="Signed: %(signer)s\n%(ts)s"),
    )
    return run_coroutine(pdf_signer.async_sign_pdf(writer)).getvalue()


def sign_pdf_file(src: Path, dst: Path, *, as_seal: bool = False, field_name: Optional[str] = None,
                  pki: Optional[TestPki] = None) -> Path:
    """Sign ``src`` into ``dst`` with the test PKI's person (default) or seal certificate."""
    pki = pki or test_pki()
    cert, key = (pki.seal_cert, pki.seal_key) if as_seal else (pki.person_cert, pki.person_key)
    signed = sign_pdf_bytes(src.read_bytes(), cert=cert, key=key, ca_chain=(pki.root_cert,),
                            field_name=field_name or ("SealSignature" if as_seal else "LeaderSignature"))
    dst.write_bytes(signed)
    return dst


def make_incoming_pdf(path: Path, *, number: int = 15, notation: str = "QĐ-UBND", subject: Optional[str] = None,
                      signed: bool | str = False, pki: Optional[TestPki] = None, **spec_fields: object) -> Path:
    """Write an official document to ``path`` and return it.

    ``notation`` whose first group is not a type abbreviation ("UBND-VP") gives a công văn with
    "V/v {subject}". ``signed``: False, True/"person" (the leader), or "person+seal" (the leader,
    then the agency's seal in a second incremental signature). Other keyword arguments go to
    :class:`DocumentSpec` (agency, place, issued, signer, extra_pages, decomposed, ...).
    """
    spec = DocumentSpec(number=number, notation=notation, **spec_fields)  # type: ignore[arg-type]
    if subject is not None:
        spec.subject = subject
    elif not spec.resolved_type_name:
        spec.subject = "triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư"
    data = build_document_pdf(spec)
    if signed:
        pki = pki or test_pki()
        data = sign_pdf_bytes(data, cert=pki.person_cert, key=pki.person_key, ca_chain=(pki.root_cert,),
                              field_name="LeaderSignature")
        if signed == "person+seal":
            data = sign_pdf_bytes(data, cert=pki.seal_cert, key=pki.seal_key, ca_chain=(pki.root_cert,),
                                  field_name="SealSignature")
    path.write_bytes(data)
    return path


def make_scanned_pdf(path: Path, pages: int = 1) -> Path:
    """A scan without a text layer: one grey image per page, as a copier produces."""
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4")
    for page in range(pages):
        image = Image.new("L", (420, 594), 245)
        draw = ImageDraw.Draw(image)
        for row in range(40, 560, 18):
            draw.line((40, row, 380 - (row * 7 + page * 13) % 120, row), fill=60, width=3)
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210, h=297)
    path.write_bytes(bytes(pdf.output()))
    return path


def make_encrypted_pdf(path: Path, *, user_password: str = "matkhau", owner_password: str = "owner") -> Path:
    """A password-protected copy of a document (empty ``user_password``: opens without one)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(build_document_pdf(DocumentSpec())))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def make_truncated_pdf(path: Path, keep: float = 0.5) -> Path:
    """The first ``keep`` part of a real PDF: what an interrupted upload or copy leaves."""
    data = build_document_pdf(DocumentSpec())
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def make_renamed_text_file(path: Path) -> Path:
    """A text file saved with a .pdf name."""
    path.write_text("Kính gửi: Văn phòng UBND tỉnh.\nĐây là tệp văn bản, không phải PDF.\n", encoding="utf-8")
    return path


# --- Active content and polyglots: what a malicious "văn bản" looks like -----------------------
ACTIVE_KINDS = ("open_action_js", "names_js", "launch", "embedded_file", "rich_media", "xfa", "page_aa",
                "hidden_in_object_stream")


def make_active_pdf(path: Path, kind: str) -> Path:
    """A real official document with one kind of active content added, as attackers add it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_document_pdf(DocumentSpec()))))
    root = writer._root_object  # noqa: SLF001 - the catalog is where these live

    def action(subtype: str, **entries: object) -> DictionaryObject:
        value = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(subtype)})
        for key, item in entries.items():
            value[NameObject("/" + key)] = item  # type: ignore[assignment]
        return value

    def annotate(annotation: DictionaryObject) -> None:
        annotation.update({NameObject("/Type"): NameObject("/Annot"),
                           NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 60, 60)])})
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])  # noqa: SLF001

    if kind in ("open_action_js", "hidden_in_object_stream"):
        root[NameObject("/OpenAction")] = writer._add_object(  # noqa: SLF001
            action("/JavaScript", JS=TextStringObject("app.launchURL('http://example.invalid/x', true);")))
    elif kind == "names_js":
        writer.add_open_action(__import__("pypdf.actions", fromlist=["JavaScript"]).JavaScript("app.alert('x');"))
    elif kind == "launch":
        annotate(DictionaryObject({NameObject("/Subtype"): NameObject("/Link"),
                                   NameObject("/A"): action("/Launch", F=TextStringObject("cmd.exe"))}))
    elif kind == "embedded_file":
        writer.add_attachment("hoa-don.exe", b"MZ\x90\x00 not really a program")
    elif kind == "rich_media":
        annotate(DictionaryObject({NameObject("/Subtype"): NameObject("/RichMedia"),
                                   NameObject("/RichMediaContent"): DictionaryObject()}))
    elif kind == "xfa":
        root[NameObject("/AcroForm")] = DictionaryObject({
            NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp:xdp/>")})
    elif kind == "page_aa":
        writer.pages[0][NameObject("/AA")] = DictionaryObject({
            NameObject("/O"): action("/JavaScript", JS=TextStringObject("this.print();"))})
    else:
        raise ValueError(kind)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    if kind == "hidden_in_object_stream":
        data = _hide_javascript_in_object_stream(build_document_pdf(DocumentSpec()))
    path.write_bytes(data)
    return path


def _hide_javascript_in_object_stream(data: bytes) -> bytes:
    """An OpenAction whose JavaScript sits in a compressed object stream: searching the bytes
    for "/JavaScript" finds nothing."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(data), strict=False), {"stream_xrefs": True})
    stream = writer.prepare_object_stream()
    js = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Action"),
        generic.NameObject("/S"): generic.NameObject("/JavaScript"),
        generic.NameObject("/JS"): generic.TextStringObject("app.alert('x');"),
    })
    writer.root[generic.NameObject("/OpenAction")] = writer.add_object(js, obj_stream=stream)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_polyglot_pdf(path: Path, *, where: str = "before") -> Path:
    """An HTML page and a PDF in one file: "before" puts the page first (within the 1 KB a
    prefix check looks at), "after" appends it behind the last %%EOF."""
    page = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/me').then(r=>r.text()).then(alert)</script></body></html>\n"
    pdf = build_document_pdf(DocumentSpec())
    path.write_bytes(page + pdf if where == "before" else pdf + page)
    return path
