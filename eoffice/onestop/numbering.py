"""Dossier codes `<agency code>-YYMMDD-XXXX` (DOMAIN.md §2): the receiving agency's code, the
day the dossier counts as received, a 4-digit sequence that restarts every day per agency.

The sequence is taken by an atomic UPDATE … RETURNING on the (agency, day) counter row inside
the intake transaction, as the outgoing register does: concurrent officers queue on the row
lock and a failed intake rolls its number back, so the codes of a day are 0001…n with no gap
and no repeat; the unique constraint on the code is the last guard.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from eoffice.db import db
from eoffice.onestop.models import DossierCounter
from eoffice.org.models import Unit

MAX_PER_DAY = 9999


def agency_code(agency: Unit) -> str:
    """The code written first in a dossier code: the agency's electronic identifier, else its
    short name."""
    return agency.org_code or agency.short_name


def next_sequence(agency_unit_id: int, day: date) -> int:
    """Take the next sequence number of the agency's codes for `day` (current transaction)."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(DossierCounter).values(agency_unit_id=agency_unit_id, day=day, last_number=0).on_conflict_do_nothing()
    )
    return db.session.execute(
        update(DossierCounter)
        .where(DossierCounter.agency_unit_id == agency_unit_id, DossierCounter.day == day)
        .values(last_number=DossierCounter.last_number + 1)
        .returning(DossierCounter.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def format_code(agency: Unit, day: date, sequence: int) -> str:
    return f"{agency_code(agency)}-{day:%y%m%d}-{sequence:04d}"
