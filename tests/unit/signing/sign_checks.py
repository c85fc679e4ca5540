"""What the signing tests ask of a signed PDF, answered by pyHanko's own validator (default
difference policy, not ours): is each signature intact, valid and trusted against the test
root, which PAdES level is it, and can its long-term data validate it offline."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Iterator

from asn1crypto import pem, x509

from eoffice.signing.validation.pdf import run_coroutine

__all__ = ["pyhanko_statuses", "offline_lt_statuses", "root_cert", "widget_rect", "appearance_texts", "appearance_images"]


def root_cert(path: Path) -> x509.Certificate:
    data = path.read_bytes()
    return x509.Certificate.load(pem.unarmor(data)[2] if pem.detect(data) else data)


def _reader(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf), strict=False)


def pyhanko_statuses(pdf: bytes, root: Path) -> list[Any]:
    """pyHanko's PdfSignatureStatus of every signature, validated with the test root as the
    only trust anchor and pyHanko's default difference policy; revocation checked online."""
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    async def run() -> list[Any]:
        import aiohttp
        from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

        reader = _reader(pdf)
        out = []
        async with aiohttp.ClientSession() as http:
            for embedded in reader.embedded_signatures:
                context = ValidationContext(trust_roots=[root_cert(root)], allow_fetching=True, revocation_mode="soft-fail",
                                            fetcher_backend=AIOHttpFetcherBackend(http))
                out.append(await async_validate_pdf_signature(embedded, signer_validation_context=context))
        return out

    return run_coroutine(run())


def offline_lt_statuses(pdf: bytes, root: Path) -> list[Any]:
    """Validated with nothing but what the document carries (its DSS), no network, revocation
    required for every certificate (hard-fail): what B-LT promises an archive years later."""
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    async def run() -> list[Any]:
        reader = _reader(pdf)
        dss = DocumentSecurityStore.read_dss(reader)
        out = []
        for embedded in reader.embedded_signatures:
            context = dss.as_validation_context({"trust_roots": [root_cert(root)], "allow_fetching": False,
                                                 "revocation_mode": "hard-fail"})
            out.append(await async_validate_pdf_signature(embedded, signer_validation_context=context))
        return out

    return run_coroutine(run())


def widget_rect(pdf: bytes, field_name: str) -> tuple[int, tuple[float, float, float, float]]:
    """(0-based page, normalised rectangle) of the named field's widget."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/T") == field_name:
                x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
                return index, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    raise AssertionError(f"no widget for field {field_name}")


def _xobjects(stream: Any) -> Iterator[Any]:
    """The appearance stream and every form XObject it draws, depth first."""
    yield stream
    resources = stream.get("/Resources")
    for ref in (resources.get_object().get("/XObject", {}) if resources is not None else {}).values():
        child = ref.get_object()
        if child.get("/Subtype") == "/Form":
            yield from _xobjects(child)


def appearance_texts(pdf: bytes, field_name: str) -> list[str]:
    """The text a widget's appearance draws, as pyHanko records it (/ActualText spans)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/T") != field_name:
                continue
            texts = []
            for stream in _xobjects(annot["/AP"]["/N"].get_object()):
                for operands, operator in ContentStream(stream, reader).operations:
                    if operator == b"BDC" and len(operands) == 2 and hasattr(operands[1], "get"):
                        actual = operands[1].get("/ActualText")
                        if actual is not None:
                            texts.append(str(actual))
            return texts
    raise AssertionError(f"no widget for field {field_name}")


def appearance_images(pdf: bytes, field_name: str) -> list[Any]:
    """The image XObjects a widget's appearance draws."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/T") == field_name:
                images = []
                for stream in _xobjects(annot["/AP"]["/N"].get_object()):
                    resources = stream.get("/Resources")
                    for child in (resources.get_object().get("/XObject", {}) if resources is not None else {}).values():
                        if child.get_object().get("/Subtype") == "/Image":
                            images.append(child.get_object())
                return images
    raise AssertionError(f"no widget for field {field_name}")
