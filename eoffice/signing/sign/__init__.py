"""Signing PDFs (issue 10): key sources, Decree 30 appearances, PAdES levels.

The contract other packages use: :func:`sign_pdf` (and :func:`async_sign_pdf` inside an event
loop), :func:`stamp_number`, the key sources and appearances below, and :class:`SigningError`.

How an outgoing document is issued, each step an incremental update that keeps the earlier
signatures valid (pyHanko's difference analysis, poppler's pdfsig and our validator agree):

    pdf = sign_pdf(approved, Pkcs11Key(...), LeaderSignature(None, None, "Nguyễn Văn Hòa",
                   image_png=signature), approved_sha256=approved_hash)   # adds the empty number field
    pdf = stamp_number(pdf, "15/QĐ-UBND")                                   # fills it (form filling)
    pdf = sign_pdf(pdf, Pkcs12Key(p12, password), AgencySignature("UBND TỈNH …", seal_png=seal))
    copy = sign_pdf(attachment, key, AttachmentSignature("UBND TỈNH …", "15/QĐ-UBND"))
"""
from .appearance import AgencySignature, AttachmentSignature, LeaderSignature
from .errors import SigningError
from .keys import CscKey, KeySource, Pkcs11Key, Pkcs12Key
from .numbering import stamp_number
from .pdf import async_sign_pdf, signature_fields, sign_pdf

__all__ = [
    "AgencySignature", "AttachmentSignature", "LeaderSignature",
    "SigningError", "CscKey", "KeySource", "Pkcs11Key", "Pkcs12Key",
    "sign_pdf", "async_sign_pdf", "stamp_number", "signature_fields",
]
