"""The outgoing register's numbers: sequential per agency per year, a separate series for
confidential documents, formatted per Decree 30/2020 (`07/QĐ-UBND`, `12/UBND-VP`).

The number is taken by an atomic UPDATE … RETURNING on the counter row inside the issuing
transaction: concurrent clerks queue on the row lock, and a failure later in the issuance rolls
the counter back with everything else, so no number is ever skipped or given twice. The
unique constraint on (agency, year, series, number) is the last guard.
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eoffice.db import db
from eoffice.documents.doc_types import DOCUMENT_TYPES, DocumentType, type_by_code
from eoffice.org.models import Unit
from eoffice.outgoing.models import OutgoingCounter

# Units that issue documents in their own name and keep their own outgoing register.
AGENCY_KINDS = frozenset({"ubnd_tinh", "ubnd_xa", "so"})


def draftable_types() -> list[DocumentType]:
    """The administrative types of Decree 30 (Appendix III) an office drafts and issues.

    Legal normative types (Luật, Nghị định, Thông tư …) are issued by central bodies, and
    copies (Sao y, Trích sao, Sao lục) are made from an issued document with a series of
    their own, so neither is drafted here.
    """
    return [kind for kind in DOCUMENT_TYPES if kind.group == "document"]


def is_draftable(code: str) -> bool:
    kind = type_by_code(code)
    return kind is not None and kind.group == "document"


def agency_of(unit: Unit) -> Unit:
    """The issuing agency a unit belongs to: the nearest agency above it (or the top unit)."""
    current = unit
    while current.kind not in AGENCY_KINDS and current.parent is not None:
        current = current.parent
    return current


def next_number(agency_unit_id: int, year: int, confidential: bool) -> int:
    """Take the next number of the agency's outgoing register, inside the current transaction."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(OutgoingCounter)
        .values(agency_unit_id=agency_unit_id, year=year, confidential=confidential, last_number=0)
        .on_conflict_do_nothing()
    )
    return db.session.execute(
        update(OutgoingCounter)
        .where(OutgoingCounter.agency_unit_id == agency_unit_id, OutgoingCounter.year == year,
               OutgoingCounter.confidential.is_(confidential))
        .values(last_number=OutgoingCounter.last_number + 1)
        .returning(OutgoingCounter.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def format_notation(number: int, doc_type: str, agency: Unit, drafting_unit: Unit) -> str:
    """Số, ký hiệu per Decree 30 Appendix I: a type with an abbreviation reads `07/QĐ-UBND`;
    a công văn (no abbreviation) reads `12/UBND-VP` with the drafting unit's abbreviation
    (just `12/UBND` when the agency drafted it itself). Numbers below 10 get a leading zero."""
    kind = type_by_code(doc_type)
    shown = f"{number:02d}"
    if kind is not None and kind.abbreviation:
        return f"{shown}/{kind.abbreviation}-{agency.notation_code}"
    if drafting_unit.id == agency.id:
        return f"{shown}/{agency.notation_code}"
    return f"{shown}/{agency.notation_code}-{drafting_unit.notation_code}"
