"""What may change in a PDF after a signature without it counting as tampering.

Why a policy of our own: a decree is signed by the person and then sealed by the agency several
times, each an incremental update. Vietnamese signing software also records every new signature
widget in the tagged-PDF structure tree (``/StructTreeRoot``, its ``/K`` kids and the
``/ParentTree`` index). pyHanko's standard policy does not whitelist structure-tree updates, so
the earlier signatures were reported as "changed after signing" on genuine documents. The
structure tree only describes the logical order of content for accessibility; it draws nothing.
So updates to structure elements and to the parent-tree index are allowed at the level of
annotations — but a changed page, content stream or annotation is still judged by pyHanko's
own rules (and a painted-over page stays "OTHER": tampering).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    ModificationLevel,
    QualifiedWhitelistRule,
    ReferenceUpdate,
    StandardDiffPolicy,
)
from pyhanko.sign.diff_analysis.constants import ROOT_EXEMPT_STRICT_COMPARISON
from pyhanko.sign.diff_analysis.rules.file_structure_rules import CatalogModificationRule

__all__ = ["StructureTreeRule", "DIFF_POLICY"]

# Dictionaries that draw something: never approved through the structure tree.
_DRAWING_TYPES = {"/Page", "/Pages", "/Annot", "/XObject", "/Font", "/Catalog"}
# Keys of structure elements / number-tree nodes that lead further into the tree.
_TREE_KEYS = ("/K", "/ParentTree", "/Kids", "/Nums", "/IDTree", "/Names", "/RoleMap", "/ClassMap")


def _is_tree_object(value: generic.PdfObject) -> bool:
    if isinstance(value, generic.StreamObject):
        return False
    if isinstance(value, generic.DictionaryObject):
        kind = value.get("/Type")
        return not (kind is not None and str(kind) in _DRAWING_TYPES) and "/Subtype" not in value
    return isinstance(value, generic.ArrayObject)


def _tree_refs(resolver: HistoricalResolver) -> Iterator[generic.Reference]:
    """Every indirect object of the structure tree (elements, kids arrays, parent-tree nodes),
    never following /Pg, /Obj, /Stm or /P — those point at pages and annotations."""
    root = resolver.root
    raw = root.raw_get("/StructTreeRoot") if "/StructTreeRoot" in root else None
    stack: list[generic.PdfObject] = [raw] if raw is not None else []
    seen: set[generic.Reference] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, generic.IndirectObject):
            ref = item.reference
            if ref in seen:
                continue
            seen.add(ref)
            value = item.get_object()
            if not _is_tree_object(value):
                continue
            yield ref
            item = value
        if isinstance(item, generic.ArrayObject):
            stack.extend(item.raw_get(i) for i in range(len(item)))
        elif isinstance(item, generic.DictionaryObject) and _is_tree_object(item):
            stack.extend(item.raw_get(key) for key in _TREE_KEYS if key in item)


class StructureTreeRule(QualifiedWhitelistRule):
    """Allow the structure tree (and the catalogue's pointer to it) to change, at the level of
    annotations: later signatures register their widgets there."""

    def apply_qualified(self, old: HistoricalResolver, new: HistoricalResolver
                        ) -> Iterable[tuple[ModificationLevel, ReferenceUpdate]]:
        # New objects and updated old ones alike: both are only tree bookkeeping.
        for ref in _tree_refs(new):
            yield ModificationLevel.ANNOTATIONS, ReferenceUpdate(ref)


DIFF_POLICY = StandardDiffPolicy(
    global_rules=[
        # The catalogue may point at a new structure-tree root; StructureTreeRule judges it.
        CatalogModificationRule(ignored_keys=ROOT_EXEMPT_STRICT_COMPARISON | {"/StructTreeRoot"}),
        *DEFAULT_DIFF_POLICY.global_rules[1:],
        StructureTreeRule(),
    ],
    form_rule=DEFAULT_DIFF_POLICY.form_rule,
)
