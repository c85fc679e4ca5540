"""Text as it comes from forms, APIs and PDFs, made ready to store: one place for the rule.

Vietnamese arrives both precomposed and decomposed (NFD from macOS, some PDF tools and USB
tokens); stored text is always NFC without surrounding blanks, so comparisons, uniqueness checks
and search agree.
"""
from __future__ import annotations

import re
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


# A UTF-16BE run: after its byte-order mark, or from a NUL high byte; high bytes are those of
# Vietnamese text (Latin, Latin Extended-A/B, combining marks, Latin Extended Additional).
_UTF16_RUN = re.compile("(?:\u00fe\u00ff|(?=\x00))(?:[\x00\x01\x02\x03\x1e][\x00-\xff])+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _utf16_as_latin1(match: re.Match[str]) -> str:
    raw = match.group(0)
    raw = raw[2:] if raw.startswith("\u00fe\u00ff") else raw
    try:
        return raw.encode("latin-1").decode("utf-16-be")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return match.group(0)


def extracted_text(text: Optional[str]) -> str:
    """Text pulled out of a PDF, made storable and searchable.

    Some signer tools write a UTF-16BE string (often with its FE FF mark and NFD accents) straight
    into a content stream; PDF readers then hand it back as Latin-1 pairs full of NUL bytes
    ("þÿ\\x00N\\x00g..."). PostgreSQL refuses NUL in text and search would never find the name,
    so such runs are decoded back, the remaining control characters dropped and the result NFC.
    """
    if not text:
        return ""
    if "\x00" in text or "\u00fe\u00ff" in text:
        text = _UTF16_RUN.sub(_utf16_as_latin1, text)
    return unicodedata.normalize("NFC", _CONTROLS.sub("", text))
