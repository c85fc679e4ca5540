"""Text as it comes from forms, APIs and PDFs, made ready to store: one place for the rule.

Vietnamese arrives both precomposed and decomposed (NFD from macOS, some PDF tools and USB
tokens); stored text is always NFC without surrounding blanks, so comparisons, uniqueness checks
and search agree.
"""
from __future__ import annotations

import unicodedata
from typing import Optional

from eoffice.errors import ServiceError


def nfc(text: Optional[str]) -> str:
    """NFC, trimmed; None becomes ""."""
    return unicodedata.normalize("NFC", text or "").strip()


def required_text(raw: Optional[str], code: str, message: str) -> str:
    """NFC text that may not be blank (a subject, a result, a reason); `message` says what to type."""
    text = nfc(raw)
    if not text:
        raise ServiceError(code, message)
    return text
