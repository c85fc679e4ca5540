"""Which blobs the database still references: everything else in storage is garbage.

Files of work items live in `work_files`; a kind that holds blobs elsewhere (staged uploads,
deliveries …) says so with its `blob_refs`.
"""
from __future__ import annotations

from sqlalchemy import select

from eoffice.db import db
from eoffice.work.kinds import discover
from eoffice.work.models import WorkFile


def referenced_blobs() -> set[str]:
    hashes: set[str] = set(db.session.scalars(select(WorkFile.sha256).distinct()))
    for kind in discover():
        if kind.blob_refs is not None:
            hashes.update(kind.blob_refs())
    return hashes
