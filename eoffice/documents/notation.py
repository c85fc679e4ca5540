"""Number and notation (số, ký hiệu) of official documents: parse, normalise, compare.

Decree 30/2020 writes them as ``15/QĐ-UBND`` (number / type abbreviation - agency), công văn as
``123/UBND-VP`` (agency - drafting unit) and legal normative documents with the year:
``15/2026/QĐ-UBND``. People and PDFs add stray spaces (``Số:  07 /TB-STNMT``), type lower case
(``15/qđ-ubnd``) or en dashes, and drop the zero padding of numbers below 10. Registration,
search and the duplicate warning all need one canonical spelling and one comparison key,
so they all go through :func:`parse_notation`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from eoffice.documents.doc_types import DocumentType, type_by_abbreviation
from search.vietnamese import nfc, notation_key as _search_notation_key

__all__ = ["Notation", "parse_notation", "normalize_notation", "notation_key", "find_notation_in_text"]

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "／": "/"})
_GROUP = r"[^\W\d_][^\W_]*"  # a letter first, then letters or digits ("BCĐ389")
_SEP = r"[ \t]*[-/][ \t]*(?:\n[ \t]*)?"  # a notation may wrap after its dash
_TAIL = rf"(?P<tail>{_GROUP}(?:{_SEP}{_GROUP})*)"
_NUMBER = r"(?P<number>\d{1,7})[ \t]*/[ \t]*(?:(?P<year>(?:19|20)\d\d)[ \t]*/[ \t]*)?"
_WHOLE = re.compile(rf"^\s*(?:[Ss]ố\s*:?\s*)?{_NUMBER}{_TAIL}\s*$")
# In running text only the header's "Số:" label counts (capital S): "Quyết định số 15/..." in
# the body cites another document.
_LABELLED = re.compile(rf"(?<!\w)Số[ \t]*[:.][ \t]*{_NUMBER}{_TAIL}")
_LINE_START = re.compile(rf"(?m)^[ \t]*Số[ \t]+{_NUMBER}{_TAIL}")
_SPLIT = re.compile(r"[ \t\n]*([-/])[ \t\n]*")


@dataclass(frozen=True)
class Notation:
    """A parsed số/ký hiệu. ``str(n)`` and :attr:`so_ky_hieu` give the canonical spelling."""

    number: int
    year: Optional[int]
    groups: tuple[str, ...]  # ("QĐ", "UBND"); separators are "-" except where ``slashes`` says
    slashes: tuple[int, ...] = ()  # indexes of groups preceded by "/" instead of "-"

    @property
    def code(self) -> str:
        """The ký hiệu without number or year: ``QĐ-UBND``."""
        out = self.groups[0]
        for index, group in enumerate(self.groups[1:], start=1):
            out += ("/" if index in self.slashes else "-") + group
        return out

    @property
    def notation(self) -> str:
        """Everything after the number, so that ``f"{number:02d}/{notation}"`` is the whole:
        ``QĐ-UBND``, or ``2026/QĐ-UBND`` for a legal normative document."""
        return f"{self.year}/{self.code}" if self.year else self.code

    @property
    def number_text(self) -> str:
        """The number as Decree 30 writes it: zero-padded below 10 ("07")."""
        return f"{self.number:02d}"

    @property
    def so_ky_hieu(self) -> str:
        return f"{self.number_text}/{self.notation}"

    @property
    def doc_type(self) -> Optional[DocumentType]:
        """The type its first group names (``QĐ`` → Quyết định), or None (công văn: ``UBND-VP``).

        Only a guess on its own: some agencies' abbreviations look like types (Cục Thuế writes
        công văn as ``123/CT-TTHT``); the document's title line or "V/v" decides.
        """
        return type_by_abbreviation(self.groups[0])

    @property
    def agency_part(self) -> str:
        """The groups that name the agency (and drafting unit): ``UBND`` in ``QĐ-UBND``,
        ``UBND-VP`` in a công văn's ``UBND-VP``."""
        if self.doc_type is None or len(self.groups) == 1:
            return self.code
        return Notation(self.number, None, self.groups[1:], tuple(i - 1 for i in self.slashes if i > 1)).code

    @property
    def key(self) -> str:
        """Comparison key for duplicate warnings and lookups (accent-, case-, padding-free)."""
        return notation_key(self.so_ky_hieu)

    def __str__(self) -> str:
        return self.so_ky_hieu


def _canonical_group(group: str, first: bool) -> str:
    if first:
        kind = type_by_abbreviation(group)
        if kind is not None and kind.abbreviation and kind.abbreviation.casefold() == group.casefold():
            return kind.abbreviation  # "qyđ" → "QyĐ", "ctr" → "CTr"
    if any(ch.islower() for ch in group) and any(ch.isupper() for ch in group):
        return group  # written in mixed case on purpose ("TTr" for Thanh tra)
    return group.upper()


def _build(number: str, year: Optional[str], tail: str) -> Notation:
    parts = _SPLIT.split(tail.strip())
    groups = [_canonical_group(p, i == 0) for i, p in enumerate(parts[0::2])]
    slashes = tuple(i + 1 for i, sep in enumerate(parts[1::2]) if sep == "/")
    return Notation(int(number), int(year) if year else None, tuple(groups), slashes)


def parse_notation(text: Optional[str]) -> Optional[Notation]:
    """Parse a whole số/ký hiệu as typed or printed, or None if it is not one.

    ``parse_notation(" 15 / qđ - ubnd ").so_ky_hieu == "15/QĐ-UBND"``;
    ``parse_notation("Số: 15/2026/QĐ-UBND").year == 2026``; ``parse_notation("15")`` is None.
    """
    if not text:
        return None
    match = _WHOLE.match(nfc(text).translate(_DASHES))
    if match is None:
        return None
    return _build(match["number"], match["year"], match["tail"])


def normalize_notation(text: Optional[str]) -> Optional[str]:
    """The canonical spelling (``15/QĐ-UBND``) of a số/ký hiệu, or None if it is not one."""
    parsed = parse_notation(text)
    return parsed.so_ky_hieu if parsed else None


def notation_key(text: str) -> str:
    """Key under which two spellings of one số/ký hiệu compare equal (see search.vietnamese)."""
    return _search_notation_key(text)


def find_notation_in_text(text: str) -> Optional[Notation]:
    """The document's own số/ký hiệu in extracted text: the header's "Số: 15/QĐ-UBND".

    Citations in the body ("Quyết định số 30/2020/NĐ-CP") are not labelled "Số:" and are
    ignored.
    """
    text = nfc(text).translate(_DASHES)
    match = _LABELLED.search(text) or _LINE_START.search(text)
    if match is None:
        return None
    return _build(match["number"], match["year"], match["tail"])
