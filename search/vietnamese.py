"""Vietnamese text normalisation shared by the search backends and the rest of eoffice.

Why this module exists:

* Browsers, PDFs and scanners hand out both precomposed (NFC) and decomposed (NFD) text; a
  search, a comparison or a duplicate check that mixes the two silently misses. Everything goes
  through :func:`nfc` on the way in and on the way out.
* Two tone-mark placements are in everyday use for the syllables *oa*, *oe* and *uy* without a
  final consonant ("hòa"/"hoà", "khỏe"/"khoẻ", "thủy"/"thuỷ"). NFC keeps them different, so
  :func:`normalize` rewrites them to one style (the traditional one that Decree 30/2020's own
  template uses: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").
* People type without accents ("quyet dinh") and expect "Quyết định"; Unicode does not decompose
  đ/Đ, so :func:`fold` maps them explicitly. Folding merges different words (dương/đường/duong),
  so callers keep the accented text too and rank exact-accent matches first.
* Number/notation lookups ("15/QĐ-UBND", "15/qd-ubnd", "15 QĐ UBND", "15 qđ ubnd") compare by
  :func:`notation_key`.

The index form (:func:`index_form`) is *length-preserving*: the i-th character of the folded
text corresponds to the i-th character of the NFC input. The Elasticsearch backend relies on
that to highlight the original text with matches found in the folded field, and the embedded
backend to map snippet offsets back onto the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = [
    "nfc",
    "normalize_tone_marks",
    "normalize",
    "fold",
    "same_i_y",
    "has_diacritics",
    "index_form",
    "search_tokens",
    "notation_tokens",
    "notation_key",
    "looks_like_notation",
]

ToneStyle = Literal["traditional", "modern"]

# Combining tone marks: huyền, sắc, ngã, hỏi, nặng. Breve, circumflex and horn are part of
# the vowel letter (ă, â, ê, ô, ơ, ư), not tones.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MARKED_VOWELS = set("ăâêôơư")
_VOWELS = set("aăâeêioôơuưy")
_INITIALS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "kh",
    "ph",
    "th",
    "tr",
    "gi",
    "qu",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
)
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}

# Only words where the two placement styles actually differ (oa, oe, uy carrying a tone on
# either vowel) go through the syllable parser; everything else is left byte-for-byte alone,
# which keeps normalising a long body fast (the scan runs in the regex engine).
_TONED_A_E = "àáảãạèéẻẽẹ"
_TONED_O = "òóỏõọ"
_TONED_U = "ùúủũụ"
_TONED_Y = "ỳýỷỹỵ"
# Only a syllable *ending* in oa/oe/uy can differ between the styles ("hoàng" cannot), so
# the scan looks for the placement that is "wrong" for the target style at a word end.
_CANDIDATE_PAIR = {
    "traditional": re.compile(rf"(?:o[{_TONED_A_E}]|u[{_TONED_Y}])(?!\w)", re.IGNORECASE),
    "modern": re.compile(rf"(?:[{_TONED_O}][ae]|[{_TONED_U}]y)(?!\w)", re.IGNORECASE),
}
_WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (precomposed) form."""
    return unicodedata.normalize("NFC", text)


def _split_tone(word: str) -> tuple[str, str | None] | None:
    """Return (word without its tone mark, tone mark), or None when not one tone mark."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return None
    bare = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tones[0]


def _tone_position(syllable: str, style: ToneStyle) -> int | None:
    """Index of the letter that carries the tone in a toneless lowercase syllable."""
    initial = ""
    for candidate in _INITIALS:
        if syllable.startswith(candidate):
            rest = syllable[len(candidate) :]
            if candidate in ("gi", "qu") and (not rest or rest[0] not in _VOWELS):
                continue  # "gìn": the i is the vowel, not part of the consonant
            initial = candidate
            break
    start = len(initial)
    end = start
    while end < len(syllable) and syllable[end] in _VOWELS:
        end += 1
    nucleus, final = syllable[start:end], syllable[end:]
    if not nucleus or final not in _FINALS or len(nucleus) > 3:
        return None
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        return start + marked[-1]  # ươ → ơ, uyê → ê, ưu → ư
    if len(nucleus) == 3:
        return start + 1  # oai, uya, uyu, oay: the middle vowel
    if len(nucleus) == 2:
        if final:
            return start + 1  # hoàng, toán, tuyết
        if style == "modern" and nucleus in ("oa", "oe", "uy"):
            return start + 1
        return start  # hòa, khỏe, thủy, mùa, tài
    return start


@lru_cache(maxsize=65536)
def _retone_word(word: str, style: ToneStyle) -> str:
    split = _split_tone(word)
    if split is None:
        return word
    bare, tone = split
    position = _tone_position(bare.lower(), style)
    if position is None or len(bare) != len(word):
        return word
    toned = unicodedata.normalize("NFC", bare[position] + tone)
    if len(toned) != 1:
        return word
    return bare[:position] + toned + bare[position + 1 :]


def normalize_tone_marks(text: str, style: ToneStyle = "traditional") -> str:
    """Put tone marks of oa/oe/uy syllables in one place ("hoà" → "hòa" traditionally).

    Expects NFC input (see :func:`normalize`). Words that are not Vietnamese syllables are
    returned unchanged; the result always has the same length as the input.
    """
    pattern = _CANDIDATE_PAIR[style]
    match = pattern.search(text)
    if match is None:  # the common case: nothing to move, one scan in the regex engine
        return text
    out: list[str] = []
    position = 0
    while match is not None:
        start = match.start()
        while start > 0 and (text[start - 1].isalnum()):
            start -= 1
        word = _WORD.match(text, start)
        end = word.end() if word else match.end()
        out.append(text[position:start])
        out.append(_retone_word(text[start:end], style))
        position = end
        match = pattern.search(text, end)
    out.append(text[position:])
    return "".join(out)


def normalize(text: str, style: ToneStyle = "traditional") -> str:
    """The canonical form to store, index and compare: NFC with normalised tone placement."""
    return normalize_tone_marks(nfc(text), style)


@lru_cache(maxsize=1)
def _fold_tables() -> tuple[dict[int, str], dict[int, str]]:
    """(fold table, length-preserving fold table) for Latin letters and combining marks."""
    fold: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    ranges = [(0x00C0, 0x0250), (0x1E00, 0x1F00)]
    for low, high in ranges:
        for code in range(low, high):
            char = chr(code)
            if code in fold:
                continue
            base = "".join(ch for ch in unicodedata.normalize("NFD", char) if not unicodedata.combining(ch))
            if len(base) == 1 and base != char:
                fold[code] = base
    aligned = dict(fold)
    for code in range(0x0300, 0x0370):  # stray combining marks left after NFC
        fold[code] = ""
        aligned[code] = " "
    return fold, aligned


def fold(text: str) -> str:
    """Remove every diacritic, including đ→d and Đ→D; case and punctuation are kept.

    ``fold("Quyết định số 15/QĐ-UBND")`` → ``"Quyet dinh so 15/QD-UBND"``.
    """
    table, _ = _fold_tables()
    return nfc(text).translate(table)


def has_diacritics(text: str) -> bool:
    """True when folding changes the text, i.e. the user typed accents (or đ)."""
    return fold(text) != nfc(text)


_NON_WORD = re.compile(r"[^\w\s]")  # whitespace needs no replacing: engines split on it
_LEADING_ZEROS = re.compile(r"\b0+(?=[0-9])")
_COMBINING = re.compile("[\u0300-\u036f]")


def _fold_aligned(text: str) -> str:
    """Fold keeping one output character per input character (input is NFC)."""
    # Fast path in C: decompose, drop the marks. It is aligned whenever every character
    # decomposes to one base letter plus marks, which holds for Vietnamese text.
    stripped = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    if len(stripped) == len(text):
        return stripped.replace("đ", "d").replace("Đ", "D")
    _, table = _fold_tables()
    return text.translate(table)


# A syllable of a consonant and a lone i or y is spelt both ways in real documents: "quy
# định"/"QUI ĐỊNH", "quý"/"quí", "lý"/"lí", "kỹ"/"kĩ", "mỹ"/"mĩ", "sỹ"/"sĩ", "hy"/"hi". In the
# folded form the y of such a syllable becomes i. "y" alone ("y tế") and the vowel pairs
# ("tuy", "huy", where u is a vowel, not part of "qu") are different words and stay as they are.
_LONE_Y_SYLLABLE = re.compile(r"\b(qu|ch|gh|kh|ng|nh|ph|th|tr|[bcdghklmnprstvx])y\b", re.IGNORECASE)


def _lone_y_to_i(match: re.Match[str]) -> str:
    return match.group(1) + ("I" if match.group(0)[-1] == "Y" else "i")


def same_i_y(folded: str) -> str:
    """Write the y of a consonant + lone y syllable as i in folded text ("quy dinh" → "qui
    dinh", "ky thuat" → "ki thuat"), so both spellings compare equal; length-preserving."""
    if "y" not in folded and "Y" not in folded:
        return folded
    return _LONE_Y_SYLLABLE.sub(_lone_y_to_i, folded)


def index_form(text: str) -> str:
    """Folded, length-preserving form for the engines' "folded" fields.

    Diacritics removed (đ→d), every non-alphanumeric character replaced by a space, leading
    zeros of numbers blanked ("05" → " 5") and the i/y of "quy"/"qui"-like syllables made one
    (`_LONE_Y_SYLLABLE`), so that "15/QĐ-UBND", "15 qd ubnd" and "15/qđ-ubnd" tokenize
    identically in Elasticsearch's standard analyzer and in tantivy's simple tokenizer, and
    "quy định" finds "QUI ĐỊNH". Case is kept (both engines lowercase). Expects NFC text;
    ``len(result) == len(text)``.
    """
    folded = same_i_y(_NON_WORD.sub(" ", _fold_aligned(text)).replace("_", " "))
    if not (folded.startswith("0") or any(ws + "0" in folded for ws in " \n\t\r")):
        return folded
    return _LEADING_ZEROS.sub(lambda m: " " * len(m.group(0)), folded)


def search_tokens(text: str) -> list[str]:
    """The lowercase folded tokens the engines index for ``text``."""
    return index_form(normalize(text)).lower().split()


def notation_tokens(text: str) -> list[str]:
    """Tokens of a number/notation: ``"15/QĐ-UBND"`` → ``["15", "qd", "ubnd"]``."""
    return search_tokens(text)


def notation_key(text: str) -> str:
    """Comparable key of a number/notation, whatever the user's spelling.

    ``notation_key("15/QĐ-UBND") == notation_key("15 qđ ubnd") == notation_key("015/qd-ubnd")
    == "15/qd-ubnd"``. Use it for duplicate warnings and exact lookups.
    """
    tokens = notation_tokens(text)
    if len(tokens) >= 2 and tokens[0].isdigit():
        return tokens[0] + "/" + "-".join(tokens[1:])
    return "-".join(tokens)


_NOTATION_SHAPE = re.compile(r"\d+\s*[/\s]\s*[^\W\d_]", re.UNICODE)


def looks_like_notation(text: str) -> bool:
    """True for input shaped like "15/QĐ-UBND" or "15 QĐ UBND" (a number then letters)."""
    return bool(_NOTATION_SHAPE.search(nfc(text)))
