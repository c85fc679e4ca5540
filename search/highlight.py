"""Build safe HTML snippets from match offsets (used by the embedded backend).

Offsets come from the folded twin of a field, which has the same length as the original
(see ``vietnamese.index_form``), so they can be applied to the original text directly.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"


def byte_to_char_offsets(text: str, offsets: Iterable[int]) -> list[int]:
    """Convert UTF-8 byte offsets in ``text`` (what tantivy reports) to str indices."""
    offsets = list(offsets)
    if text.isascii():
        return offsets
    encoded = text.encode("utf-8")
    result = []
    cache: dict[int, int] = {}
    for o in offsets:
        if o not in cache:
            cache[o] = len(encoded[:o].decode("utf-8", errors="ignore"))
        result.append(cache[o])
    return result


def mark(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """HTML-escape ``text`` and wrap each (start, end) character span in <mark>."""
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position or end <= start:
            continue
        out.append(escape(text[position:start], quote=False))
        out.append(MARK_OPEN + escape(text[start:end], quote=False) + MARK_CLOSE)
        position = end
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def leading_excerpt(text: str, max_chars: int) -> str:
    """The first ``max_chars`` characters, cut at a word boundary, escaped."""
    if len(text) <= max_chars:
        return escape(text.strip(), quote=False)
    cut = text.rfind(" ", 0, max_chars)
    return escape(text[: cut if cut > max_chars // 2 else max_chars].strip(), quote=False) + " …"
