"""Median time to sign a 10-page decree: eoffice's ``sign_pdf`` next to a bare pyHanko call
doing the same signature (same PKCS#12 key, same visible stamp (a text in the same OpenType font, or the same PNG image),
same box), in the same run, at two levels: PAdES B-B, and B-LT with an RFC 3161 timestamp
(certomancer's TSA, OCSP and CRLs served on 127.0.0.1). Prints figures and the ratio (target:
eoffice ≤ 1.20 × bare pyHanko).

The text rows pay for subsetting the OpenType font (Noto Serif) on every signature — about
two thirds of the time, in both columns; the image row is the usual Decree 30 leader signature.

What eoffice does on top: checks the approved version's SHA-256, finds the signer's name on
the page (pypdf), adds the empty number field to the leader's revision, checks the
certificate's validity period and revocation before signing (B-LT: the answers are reused for
the DSS, nothing is fetched twice), maps errors to Vietnamese.

    .venv/bin/python bench/signing.py [--runs 7]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import logging
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import timed  # noqa: E402

from eoffice.signing.sign import LeaderSignature, Pkcs12Key, sign_pdf  # noqa: E402
from eoffice.signing.sign.appearance import image_style, leader_box, text_style  # noqa: E402
from eoffice.signing.sign.pdf import open_reader  # noqa: E402
from tests.unit.documents.pdf_factory import DocumentSpec, build_document_pdf  # noqa: E402
from tests.unit.signing.certomancer_pki import served_pki  # noqa: E402

PASSWORD = "matkhau"


def bare_pyhanko(pdf: bytes, p12: bytes, box: tuple[float, float, float, float], page: int, *,
                 tsa_url: str | None = None, roots: list[Any] | None = None, image: bytes | None = None) -> bytes:
    """The same signature with pyHanko alone: what a caller would write without eoffice."""
    import aiohttp
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    async def run() -> bytes:
        signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=(), passphrase=PASSWORD.encode())
        async with aiohttp.ClientSession() as http:
            context = (ValidationContext(trust_roots=roots, allow_fetching=True, revocation_mode="soft-fail",
                                         fetcher_backend=AIOHttpFetcherBackend(http)) if roots else None)
            meta = signers.PdfSignatureMetadata(field_name="LanhDao1", subfilter=fields.SigSeedSubFilter.PADES,
                                                embed_validation_info=context is not None, validation_context=context)
            pdf_signer = signers.PdfSigner(
                meta, signer=signer,
                stamp_style=image_style(image) if image else text_style("Đã ký\nNguyễn Văn Hòa", 10),
                timestamper=HTTPTimeStamper(tsa_url, session=http) if tsa_url else None,
                new_field_spec=fields.SigFieldSpec("LanhDao1", on_page=page, box=box))
            out = io.BytesIO()
            await pdf_signer.async_sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=out)
            return out.getvalue()

    return asyncio.run(run())


def _signature_png() -> bytes:
    """A blue signature on a transparent background, 600×240 px, as a leader's image is."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    ImageDraw.Draw(image).line((20, 180, 240, 40, 400, 200, 580, 60), fill=(20, 40, 200, 255), width=14)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    pki = served_pki()
    pdf = build_document_pdf(DocumentSpec(extra_pages=9))
    pages = len(open_reader(pdf).pages)
    appearance = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa")
    page, box = leader_box(open_reader(pdf), appearance)
    approved = hashlib.sha256(pdf).hexdigest()
    p12_bb = pki.pkcs12("leader", PASSWORD, chain=("interm",))  # no root shipped: B-B, nothing fetched
    p12_lt = pki.pkcs12("leader", PASSWORD)
    root = pki.arch.get_cert("root")

    signature_png = _signature_png()
    with_image = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa", image_png=signature_png)
    levels = [
        ("B-B, image", lambda: sign_pdf(pdf, Pkcs12Key(p12_bb, PASSWORD), with_image, trust_roots=[],
                                        approved_sha256=approved),
         lambda: bare_pyhanko(pdf, p12_bb, box, page, image=signature_png)),
        ("B-B, text", lambda: sign_pdf(pdf, Pkcs12Key(p12_bb, PASSWORD), appearance, trust_roots=[], approved_sha256=approved),
         lambda: bare_pyhanko(pdf, p12_bb, box, page)),
        ("B-LT+TS, text", lambda: sign_pdf(pdf, Pkcs12Key(p12_lt, PASSWORD), appearance, tsa_url=pki.tsa_url,
                                              trust_roots=[pki.root_pem], approved_sha256=approved),
         lambda: bare_pyhanko(pdf, p12_lt, box, page, tsa_url=pki.tsa_url, roots=[root])),
    ]
    print(f"file: {len(pdf) // 1024} KiB, {pages} pages, {args.runs} runs each (after one warm-up)")
    print(f"{'level':<18}{'eoffice median s':>18}{'bare pyHanko median s':>24}{'ratio':>8}{'eoffice min':>13}{'bare min':>10}")
    for name, ours, bare in levels:
        # interleave so that machine load hits both alike
        ours_t, bare_t = [], []
        for _ in range(2):
            ours_t += timed(ours, max(1, args.runs // 2))
            bare_t += timed(bare, max(1, args.runs // 2))
        ours_m, bare_m = statistics.median(ours_t), statistics.median(bare_t)
        print(f"{name:<18}{ours_m:>18.3f}{bare_m:>24.3f}{ours_m / bare_m:>8.2f}{min(ours_t):>13.3f}{min(bare_t):>10.3f}")
    pki.stop()


if __name__ == "__main__":
    main()
