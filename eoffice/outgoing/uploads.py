"""Receiving a draft's files: the body as PDF (a DOCX is kept and converted to PDF here, once)
and attachments, checked and stored by the shared upload path (eoffice.documents.uploads) and
staged until the form that uses them is saved."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO, Optional

from eoffice import current_settings
from eoffice.actor import Actor
from eoffice.backends import blob_store
from eoffice.db import db
from eoffice.documents.models import StagedUpload
from eoffice.documents.uploads import stage_stored, store_checked_file
from eoffice.outgoing.conversion import needs_conversion, to_pdf


@dataclass
class StagedDraftFile:
    """What an upload gives back: the PDF to use, and the DOCX it came from (if any)."""

    staged: StagedUpload
    source: Optional[StagedUpload] = None

    @property
    def token(self) -> str:
        return self.staged.token

    @property
    def filename(self) -> str:
        return self.staged.stored.filename

    @property
    def sha256(self) -> str:
        return self.staged.stored.sha256

    @property
    def source_token(self) -> str:
        return self.source.token if self.source else ""

    @property
    def converted_from(self) -> str:
        return self.source.stored.filename if self.source else ""


def stage_draft_file(actor: Actor, stream: BinaryIO, filename: str, *, main: bool) -> StagedDraftFile:
    """Check, store and stage one file for the actor's draft form; commits (like an upload).

    A body in DOCX is first stored as it is (the size and type checks of any attachment), then
    converted, and the PDF is checked like any main document."""
    if main and needs_conversion(filename):
        source_file = store_checked_file(actor, stream, filename, main_document=False)
        pdf = to_pdf(blob_store().read_bytes(source_file.sha256), filename,
                     work_dir=current_settings().data_dir / "tmp")
        pdf_name = filename.rsplit(".", 1)[0] + ".pdf"
        pdf_file = store_checked_file(actor, io.BytesIO(pdf), pdf_name, main_document=True)
        result = StagedDraftFile(stage_stored(actor, pdf_file), stage_stored(actor, source_file))
    else:
        result = StagedDraftFile(stage_stored(actor, store_checked_file(actor, stream, filename, main_document=main)))
    db.session.commit()
    return result
