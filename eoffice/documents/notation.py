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
import unicodedata
from dataclasses import dataclass
from typing import Optional

from eoffice.documents.doc_types import DocumentType, type_by_abbreviation
from eoffice.errors import ServiceError
from search.vietnamese import nfc, notation_key as _search_notation_key

__all__ = [
    "Notation", "parse_notation", "normalize_notation", "notation_key", "find_notation_in_text",
    "InvalidCode", "check_code", "MAX_NUMBER_LENGTH", "MAX_NOTATION_LENGTH",
]

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "／": "/"})
_GROUP = r"[^\W\d_](?:[^\W_]|&)*"  # a letter first, then letters, digits or & ("BCĐ389", "BNN&PTNT")
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
        if kind is not None and kind.abbreviation:
            # "qyđ" → "QyĐ", "ctr" → "CTr"; typed without accents and naming one type only:
            # "nd" → "NĐ", "qd" → "QĐ" (type_by_abbreviation refuses the ambiguous ones).
            return kind.abbreviation
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


# --- Checking what a clerk typed ---------------------------------------------------------------
MAX_NUMBER_LENGTH = 20  # incoming_documents.code_number
MAX_NOTATION_LENGTH = 100  # incoming_documents.code_notation: joint circulars name 6+ agencies
_MAX_NUMBER_DIGITS = 7
# Abbreviations are written in capital letters without diacritics, except Đ (Decree 30,
# Appendix III); a few type abbreviations mix case (QyĐ, CTr, TTr, TrS) and agencies may too.
_NOTATION_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐabcdefghijklmnopqrstuvwxyzđ")
_NOTATION_CHARS = _NOTATION_LETTERS | frozenset("0123456789&-/ ")
_EXAMPLES = "ví dụ QĐ-UBND, UBND-VP hoặc 2018/TTLT-BTC-BNN&PTNT"
_LEADING_NUMBER = re.compile(r"^(?:[Ss]ố\s*[:.]?\s*)?(\d{1,7})\s*/\s*(.*)$", re.DOTALL)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


class InvalidCode(ServiceError):
    """Số or ký hiệu typed in a shape Decree 30 does not allow; ``message`` says what is wrong."""


def _shown(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"'{ch}'"
    return f"U+{ord(ch):04X}"


def _check_number(raw: str) -> str:
    number = "".join(raw.split())
    if not number:
        return ""
    if not number.isascii() or not number.isdigit():
        raise InvalidCode(
            "invalid_code_number",
            f"Số văn bản '{raw.strip()[:40]}' không hợp lệ: số chỉ gồm chữ số (ví dụ 05 hoặc 123), "
            "không có chữ hay ký hiệu. Hãy nhập phần ký hiệu vào ô Ký hiệu.",
        )
    if len(number.lstrip("0") or "0") > _MAX_NUMBER_DIGITS:
        raise InvalidCode("invalid_code_number",
                          f"Số văn bản '{number}' dài quá {_MAX_NUMBER_DIGITS} chữ số. Hãy kiểm tra lại số trên văn bản.")
    return number


def _check_notation(text: str) -> tuple[Optional[int], str]:
    """(year or None, the ký hiệu after it in canonical spelling) or InvalidCode."""
    bad = sorted({ch for ch in text if ch not in _NOTATION_CHARS}, key=text.index)
    if bad:
        accented = [ch for ch in bad if ch.isalpha()]
        if accented and len(accented) == len(bad):
            raise InvalidCode(
                "invalid_code_notation",
                f"Ký hiệu '{text[:60]}' có chữ có dấu {', '.join(map(_shown, accented[:5]))}: chữ viết tắt trong "
                f"ký hiệu viết in hoa không dấu, chỉ giữ chữ Đ ({_EXAMPLES}). Hãy sửa lại theo văn bản.",
            )
        raise InvalidCode(
            "invalid_code_notation",
            f"Ký hiệu '{text[:60]}' có ký tự không dùng trong ký hiệu văn bản: {', '.join(map(_shown, bad[:5]))}. "
            f"Ký hiệu chỉ gồm chữ cái, chữ số và dấu &, các nhóm nối bằng dấu - ({_EXAMPLES}). Hãy sửa lại theo văn bản.",
        )
    compact = re.sub(r"\s*([-/])\s*", r"\1", text.strip())
    if " " in compact:
        word = next(w for w in re.split(r"[-/]", compact) if " " in w)
        raise InvalidCode(
            "invalid_code_notation",
            f"Ký hiệu có khoảng trắng giữa các chữ ('{word}'): các nhóm chữ viết liền và nối với nhau bằng dấu - "
            f"({_EXAMPLES}). Hãy sửa lại theo văn bản.",
        )
    parts = re.split(r"([-/])", compact)
    groups = parts[0::2]
    if any(not g for g in groups):
        raise InvalidCode(
            "invalid_code_notation",
            f"Ký hiệu '{compact}' có dấu - hoặc / thừa (ở đầu, ở cuối hoặc hai dấu liền nhau). Hãy sửa lại theo văn bản.",
        )
    year = None
    if len(groups) > 1 and parts[1] == "/" and groups[0].isdigit():
        if not _YEAR.match(groups[0]):
            raise InvalidCode(
                "invalid_code_notation",
                f"Phần '{groups[0]}/' trước ký hiệu không phải năm ban hành (4 chữ số, ví dụ 2018/). "
                "Số văn bản nhập ở ô Số; ô Ký hiệu chỉ có năm (nếu có) và chữ viết tắt.",
            )
        year = int(groups[0])
        compact = compact[len(groups[0]) + 1:]
        groups = groups[1:]
    for group in groups:
        if not group[0].isalpha():
            raise InvalidCode(
                "invalid_code_notation",
                f"Nhóm '{group}' trong ký hiệu phải bắt đầu bằng chữ cái ({_EXAMPLES}). Hãy sửa lại theo văn bản.",
            )
    built = _build("1", None, compact)
    return year, built.code


def check_code(number: Optional[str], notation: Optional[str]) -> tuple[str, str]:
    """The số and ký hiệu of a registration, checked and in canonical spelling, or InvalidCode.

    Returns ``(number, notation)`` with ``notation`` as stored: ``QĐ-UBND``,
    ``2018/TTLT-VKSTC-TATC-BCA-BQP-BTC-BNN&PTNT``. Both blank is allowed (a citizen's letter has
    neither). Accepted as clerks type it: NFD or NFC, spaces around ``/`` and ``-``, en dashes,
    the whole ``15/QĐ-UBND`` pasted into the Ký hiệu field, lower case. Lower case is turned
    into capitals because Decree 30 writes abbreviations in capitals and a lower-case one is a
    typing habit, not a different notation (``56/2007/nd-cp`` → ``56/2007/NĐ-CP``); groups in
    deliberately mixed case (``TTr``, ``QyĐ``) are kept.
    """
    number_text = unicodedata.normalize("NFC", number or "").translate(_DASHES).strip()
    text = unicodedata.normalize("NFC", notation or "").translate(_DASHES).strip()
    leading = _LEADING_NUMBER.match(text)
    if leading and not (_YEAR.match(leading[1]) and number_text and leading[1] != number_text.lstrip("0")):
        pasted, rest = leading[1], leading[2]
        if number_text and int(pasted) != int(_check_number(number_text) or 0):
            raise InvalidCode(
                "code_number_mismatch",
                f"Ô Số ghi {number_text} nhưng ô Ký hiệu lại bắt đầu bằng số {pasted}/. Hãy để số ở ô Số và "
                "chỉ ghi ký hiệu (ví dụ QĐ-UBND) ở ô Ký hiệu.",
            )
        number_text, text = number_text or pasted, rest.strip()
    number_clean = _check_number(number_text)
    if not text:
        if number_clean:
            raise InvalidCode("missing_code_notation",
                              f"Đã nhập số {number_clean} nhưng chưa nhập ký hiệu. Hãy nhập ký hiệu in trên văn bản "
                              f"({_EXAMPLES}), hoặc xóa số nếu văn bản không có số, ký hiệu.")
        return "", ""
    if not number_clean:
        raise InvalidCode("missing_code_number",
                          f"Đã nhập ký hiệu '{text[:60]}' nhưng chưa nhập số. Hãy nhập số in trên văn bản "
                          "(phần trước dấu /, ví dụ 15 trong 15/QĐ-UBND).")
    if len(text) > 4 * MAX_NOTATION_LENGTH:
        text = text[: 4 * MAX_NOTATION_LENGTH]  # the message below quotes a bounded prefix
    year, code = _check_notation(text)
    stored = f"{year}/{code}" if year else code
    if len(stored) > MAX_NOTATION_LENGTH:
        raise InvalidCode("code_too_long",
                          f"Ký hiệu dài {len(stored)} ký tự, quá giới hạn {MAX_NOTATION_LENGTH} ký tự. "
                          "Hãy kiểm tra lại ký hiệu trên văn bản.")
    return number_clean, stored
