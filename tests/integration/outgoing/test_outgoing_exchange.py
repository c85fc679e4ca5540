"""An issued outgoing document reaches an outside agency through the exchange adapter: the
outbox event issuance writes becomes one edXML package with the register's number, and a
recall sends the same header with business type recall (the contract between the two)."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.db import db
from eoffice.exchange import edxml
from eoffice.exchange.models import ExchangeMessage
from eoffice.exchange.transport import FolderTransport
from eoffice.exchange import service as exchange
from eoffice.outbox import service as outbox
from eoffice.outgoing import issuance
from eoffice.outgoing.schemas import ReasonIn
from tests.integration.documents.conftest import actor
from tests.integration.outgoing.conftest import SUBJECT, signed_draft


def test_an_issued_document_becomes_an_edxml_package_and_its_recall_follows(office, tmp_path):
    doc = signed_draft(recipient_unit_ids=[], external_recipients=[{"name": "Bộ Nội vụ", "code": "000.00.00.G12"}])
    issuance.issue(actor("vanthu"), doc)
    db.session.commit()
    while outbox.drain():
        pass
    [message] = db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.direction == "out")).all()
    assert (message.status, message.organ_id, message.work_item_id) == ("queued", "000.00.00.G12", doc.id)
    assert exchange.send_queued(FolderTransport(tmp_path)) == 1
    db.session.expire_all()
    package = edxml.parse((tmp_path / message.platform_id).read_bytes())
    assert (package.code_number, package.code_notation, package.subject) == ("01", "UBND-KT", SUBJECT)
    assert package.signer_competence == "TM." and package.sender.organ_id == "000.00.00.H34"
    assert package.attachments[0].data == issuance.file_bytes(issuance.issued_file(doc))

    issuance.recall(actor("vanthu"), doc, ReasonIn(reason="Sai số liệu tại phụ lục"))
    db.session.commit()
    while outbox.drain():
        pass
    recalls = [m for m in db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.direction == "out"))
               if m.id != message.id]
    assert len(recalls) == 1 and recalls[0].organ_id == "000.00.00.G12"
