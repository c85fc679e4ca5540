"""Which blobs the database still references: everything else in storage is garbage.

Every domain's files are stored files (`eoffice.files`); a kind that holds blobs elsewhere
says so with its `blob_refs`.
"""
from __future__ import annotations

from eoffice.files import service as files
from eoffice.work.kinds import discover


def referenced_blobs() -> set[str]:
    hashes = files.referenced_blobs()
    for kind in discover():
        if kind.blob_refs is not None:
            hashes.update(kind.blob_refs())
    return hashes
