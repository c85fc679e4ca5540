"""Turn what a user typed into a small, safe structure both backends translate themselves.

Raw user syntax never reaches an engine's query parser: an unbalanced quote or a stray
``AND OR (`` must not become a 500 error or a different query than the user meant. The
grammar is deliberately small:

* words — every word must match (in the title, number/notation, agency/type or body),
  with or without accents;
* ``"quoted phrase"`` — the words in this order; an unclosed quote runs to the end;
* ``-word`` / ``-"phrase"`` — exclude;
* anything else (``AND``, ``OR``, ``NOT``, ``*``, brackets, lone punctuation) is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import vietnamese as vi
from .model import MAX_QUERY_TERMS, Query, SearchError

_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}
# A quoted phrase (closing quote optional) or a run of non-space characters, each with an
# optional leading minus. Typographic quotes count as quotes: Vietnamese keyboards produce them.
_PIECE = re.compile(r'(-?)(?:["“”„]([^"“”„]*)(?:["“”„]|$)|([^\s"“”„]+))')


@dataclass(frozen=True)
class Clause:
    """One required (or excluded) word or phrase.

    ``text`` is the NFC, tone-normalised words as typed (for the accented fields);
    ``tokens`` the folded lowercase tokens (for the folded fields).
    """

    text: str
    tokens: tuple[str, ...]
    phrase: bool
    negated: bool = False

    @property
    def accented(self) -> bool:
        return vi.has_diacritics(self.text)


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]
    notation_tokens: tuple[str, ...] = ()
    # Several separate words: titles holding them as one phrase rank higher.
    proximity_tokens: tuple[str, ...] = ()

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    @property
    def match_all(self) -> bool:
        """No required word: list everything the caller may see (minus exclusions)."""
        return not self.positive


def parse(text: str) -> ParsedQuery:
    """Parse user input; raise SearchError only when it holds nothing searchable at all."""
    text = vi.normalize(text).strip()
    if not text or text == "*":
        return ParsedQuery(clauses=())
    clauses: list[Clause] = []
    for match in _PIECE.finditer(text):
        minus, quoted, bare = match.group(1), match.group(2), match.group(3)
        negated = minus == "-"
        if quoted is not None:
            words = quoted
            tokens = tuple(vi.search_tokens(words))
            if not tokens:
                continue
            clauses.append(
                Clause(text=_words_text(words), tokens=tokens, phrase=len(tokens) > 1, negated=negated)
            )
            continue
        if bare in _OPERATORS:
            continue
        tokens = tuple(vi.search_tokens(bare))
        if not tokens:
            continue
        # "15/QĐ-UBND" or "TP.HCM" is one typed piece but several tokens: keep them together
        # as a phrase, which is what the user meant by typing them without spaces.
        clauses.append(Clause(text=_words_text(bare), tokens=tokens, phrase=len(tokens) > 1, negated=negated))
    if not clauses:
        raise SearchError(
            "no_search_terms",
            "Câu tìm kiếm chỉ có ký hiệu, không có từ nào để tìm. Hãy nhập từ khóa "
            "(ví dụ: quyết định), số ký hiệu (ví dụ: 15/QĐ-UBND) hoặc để trống để xem tất cả.",
        )
    if len(clauses) > MAX_QUERY_TERMS or sum(len(c.tokens) for c in clauses) > MAX_QUERY_TERMS * 2:
        raise SearchError(
            "too_many_terms",
            f"Câu tìm kiếm có quá nhiều từ. Hãy dùng tối đa {MAX_QUERY_TERMS} từ khóa.",
        )
    positive_tokens = [t for c in clauses if not c.negated for t in c.tokens]
    notation: tuple[str, ...] = ()
    if vi.looks_like_notation(text) and len(positive_tokens) >= 2:
        notation = tuple(positive_tokens)
    proximity: tuple[str, ...] = ()
    positive = [c for c in clauses if not c.negated]
    if len(positive) >= 2:
        proximity = tuple(positive_tokens)
    return ParsedQuery(clauses=tuple(clauses), notation_tokens=notation, proximity_tokens=proximity)


def _words_text(raw: str) -> str:
    """The typed words with punctuation turned into spaces (for the accented fields)."""
    return " ".join(re.sub(r"[\W_]", " ", raw).split())


def effective_sort(query: Query, parsed: ParsedQuery) -> str:
    """With no words there is no relevance to rank by: list the newest first."""
    if query.sort == "relevance" and parsed.match_all:
        return "date_desc"
    return query.sort
