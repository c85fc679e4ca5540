"""A decree signed as agencies really sign one: the person, then the agency seal five times, each
an incremental update that adds a visible signature widget with its appearance stream, the
AcroForm entries and structure-tree entries (``/StructTreeRoot`` ``/K`` and ``/ParentTree``) —
the shape on which earlier signatures used to be reported as tampered."""
from __future__ import annotations

import io
from typing import Sequence

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from eoffice.signing.validation.pdf import run_coroutine
from tests.unit.documents.pdf_factory import DocumentSpec, TestPki, build_document_pdf

SIGNATURE_FIELDS = ("NguoiKy", "DauCoQuan1", "DauCoQuan2", "DauCoQuan3", "DauCoQuan4", "DauCoQuan5")


def tagged_document() -> bytes:
    """An unsigned decree with a structure tree (a tagged PDF, as Word exports it)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(build_document_pdf(DocumentSpec())), strict=False)
    parent_tree = writer.add_object(generic.DictionaryObject({generic.NameObject("/Nums"): generic.ArrayObject()}))
    document = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/StructElem"),
        generic.NameObject("/S"): generic.NameObject("/Document"),
        generic.NameObject("/K"): generic.ArrayObject()}))
    root = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/StructTreeRoot"),
        generic.NameObject("/K"): generic.ArrayObject([document]),
        generic.NameObject("/ParentTree"): parent_tree,
        generic.NameObject("/ParentTreeNextKey"): generic.NumberObject(0)}))
    writer.root[generic.NameObject("/StructTreeRoot")] = root
    writer.root[generic.NameObject("/MarkInfo")] = generic.DictionaryObject({generic.NameObject("/Marked"): generic.BooleanObject(True)})
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _register_in_structure_tree(writer: IncrementalPdfFileWriter, label: str) -> None:
    """What signing software adds with each signature: a /Form structure element under the
    document element and a new /ParentTree entry."""
    tree_ref = writer.root.raw_get("/StructTreeRoot")
    tree = tree_ref.get_object()
    document = tree["/K"][0]
    key = int(tree["/ParentTreeNextKey"])
    element = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/StructElem"),
        generic.NameObject("/S"): generic.NameObject("/Form"),
        generic.NameObject("/T"): generic.TextStringObject(label),
        generic.NameObject("/P"): tree["/K"].raw_get(0)}))
    document["/K"].append(element)
    writer.mark_update(tree["/K"].raw_get(0))
    nums = tree["/ParentTree"]["/Nums"]
    nums.extend([generic.NumberObject(key), element])
    writer.mark_update(tree.raw_get("/ParentTree"))
    tree[generic.NameObject("/ParentTreeNextKey")] = generic.NumberObject(key + 1)
    writer.mark_update(tree_ref)


def sign_with_structure(data: bytes, *, cert: str, key: str, ca_chain: Sequence[str], field_name: str,
                        box: tuple[int, int, int, int], timestamper: object = None) -> bytes:
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    signer = signers.SimpleSigner.load(key, cert, ca_chain_files=tuple(ca_chain))
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    _register_in_structure_tree(writer, field_name)
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES),
        signer=signer, timestamper=timestamper,  # type: ignore[arg-type]
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=0, box=box),
        stamp_style=TextStampStyle(stamp_text="%(signer)s\n%(ts)s"),
    )
    return run_coroutine(pdf_signer.async_sign_pdf(writer)).getvalue()


def six_signature_decree(pki: TestPki) -> bytes:
    """The person signs, then the agency seal five times (the copies for each recipient)."""
    data = tagged_document()
    for index, name in enumerate(SIGNATURE_FIELDS):
        cert, key = (pki.person_cert, pki.person_key) if index == 0 else (pki.seal_cert, pki.seal_key)
        data = sign_with_structure(data, cert=str(cert), key=str(key), ca_chain=(str(pki.root_cert),),
                                   field_name=name, box=(300, 80 + 40 * index, 500, 115 + 40 * index))
    return data


def paint_over(data: bytes) -> bytes:
    """A tamper: a white box painted over the body text in a later revision."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"1 1 1 rg 60 400 480 200 re f")))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def replace_page_content(data: bytes) -> bytes:
    """A tamper: the page's content replaced by other text, structure tree left alone."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    page[generic.NameObject("/Contents")] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (Quyet dinh da sua) Tj ET"))
    writer.mark_update(page_ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
