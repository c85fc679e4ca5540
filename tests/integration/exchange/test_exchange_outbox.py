"""Issued documents leave for other agencies as edXML packages: each outbox event becomes one
queued package (once, whatever is retried), packages are sent one at a time through the
transport, and a platform that refuses or is down delays only what waits — on both databases."""
from __future__ import annotations

import io
import json
import threading
from datetime import timedelta
from typing import Any, Iterator

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from eoffice.backends import blob_store
from eoffice.db import db, utcnow
from eoffice.exchange import edxml, service
from eoffice.exchange.models import ExchangeMessage
from eoffice.exchange.transport import FolderTransport, HttpTransport, TransportError
from eoffice.outbox import service as outbox

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _issued(organ_id: str = "000.00.02.H36", organ_name: str = "Sở Tài chính", number: str = "7") -> dict[str, Any]:
    sha = blob_store().put(io.BytesIO(PDF), filename="07-QD-UBND.pdf", content_type="application/pdf").sha256
    return {
        "outgoing_id": None, "recipient_id": 1,
        "to": {"organ_id": organ_id, "organ_name": organ_name},
        "from": {"organ_id": "000.00.01.H36", "organ_name": "Ủy ban nhân dân tỉnh Khánh Hòa"},
        "code": {"number": number, "notation": "QĐ-UBND"}, "issued_date": "2026-12-03",
        "type": "QĐ", "type_name": "Quyết định", "subject": "Về việc phê duyệt kế hoạch năm 2027",
        "signer": {"competence": "KT. CHỦ TỊCH", "full_name": "Trần Hồng Hà"}, "priority": 1,
        "file_sha256": sha, "attachments": [],
    }


def _queued() -> list[ExchangeMessage]:
    return list(db.session.scalars(select(ExchangeMessage).order_by(ExchangeMessage.id)))


def test_an_issued_event_becomes_one_package_sent_through_the_folder(app, tmp_path):
    outbox.emit(service.ISSUED_TOPIC, "1:000.00.02.H36", _issued())
    outbox.emit(service.ISSUED_TOPIC, "1:000.00.02.H36", _issued())  # the same event twice (a retry)
    db.session.commit()
    assert outbox.drain() == 2
    [message] = _queued()
    assert (message.status, message.organ_id, message.document_id) == ("queued", "000.00.02.H36", "000.00.01.H36,2026/12/03,7/QĐ-UBND")

    assert service.send_queued(FolderTransport(tmp_path)) == 1
    db.session.expire_all()
    assert message.status == "sent" and message.sent_at is not None and message.platform_id
    package = (tmp_path / message.platform_id).read_bytes()
    read = edxml.parse(package)
    assert (read.code_number, read.code_notation, read.priority) == ("7", "QĐ-UBND", edxml.Priority.URGENT)
    assert read.signer_competence == "KT. CHỦ TỊCH" and read.attachments[0].data == PDF
    assert service.send_queued(FolderTransport(tmp_path)) == 0, "a sent package is not sent again"


def test_an_event_that_cannot_become_a_package_is_kept_with_its_reason_and_the_others_go(app):
    outbox.emit(service.ISSUED_TOPIC, "1:x", _issued(organ_id="", organ_name="Công ty Hòa Bình"))
    outbox.emit(service.ISSUED_TOPIC, "1:y", _issued())
    db.session.commit()
    assert outbox.drain() == 2
    unbuilt, queued = _queued()
    assert unbuilt.status == "unbuilt" and "Công ty Hòa Bình" in unbuilt.last_error and unbuilt.stored is None
    assert queued.status == "queued"


@pytest.fixture
def platform() -> Iterator[dict[str, Any]]:
    """A local stand-in for the exchange platform's REST endpoint, on 127.0.0.1."""
    state: dict[str, Any] = {"received": [], "fail": False}

    @Request.application
    def endpoint(request: Request) -> Response:
        if request.headers.get("X-SystemId") != "khanhhoa" or request.headers.get("X-SecretKey") != "bi-mat-2026":
            return Response(json.dumps({"status": "FAIL", "message": "sai khóa"}), 401, content_type="application/json")
        if state["fail"]:
            return Response("Service Unavailable", 503)
        edxml.parse(request.get_data())  # the platform reads what we send
        state["received"].append(request.headers.get("X-To-OrganId"))
        return Response(json.dumps({"status": "OK", "docId": f"VDXP-{len(state['received'])}"}), content_type="application/json")

    server = make_server("127.0.0.1", 0, endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/sendEdoc"
    yield state
    server.shutdown()


def test_packages_go_to_the_platform_over_http_and_a_refusal_is_retried_later_alone(app, platform):
    for organ in ("000.00.02.H36", "000.00.03.H36"):
        outbox.emit(service.ISSUED_TOPIC, f"1:{organ}", _issued(organ_id=organ))
    db.session.commit()
    outbox.drain()
    transport = HttpTransport(platform["url"], "khanhhoa", "bi-mat-2026")
    platform["fail"] = True
    assert service.send_queued(transport) == 0
    db.session.expire_all()
    assert all(m.status == "failed" and m.attempts == 1 and "503" in m.last_error for m in _queued())
    assert all(m.available_at > utcnow() for m in _queued()), "retried later, not at once"

    platform["fail"] = False
    for message in _queued():
        message.available_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert service.send_queued(transport) == 2
    db.session.expire_all()
    assert [m.platform_id for m in _queued()] == ["VDXP-1", "VDXP-2"]
    assert platform["received"] == ["000.00.02.H36", "000.00.03.H36"]

    with pytest.raises(TransportError) as info:
        HttpTransport(platform["url"], "khanhhoa", "sai").send(b"<x/>", "000.00.02.H36", "d")
    assert "401" in str(info.value)
    with pytest.raises(TransportError) as info:
        HttpTransport(platform["url"], "khanhhoa", "bí-mật").send(b"<x/>", "000.00.02.H36", "d")
    assert "ASCII" in str(info.value), "a secret typed with diacritics is named, not a crash"


def test_a_recalled_document_sends_the_same_header_as_a_recall_without_the_files(app, tmp_path):
    payload = {**_issued(), "outgoing_id": None}
    outbox.emit(service.ISSUED_TOPIC, "1:000.00.02.H36", payload)
    db.session.commit()
    outbox.drain()
    outbox.emit(service.RECALLED_TOPIC, "1:000.00.02.H36", {"outgoing_id": None, "organ_id": "000.00.02.H36",
                                                             "reason": "Ban hành nhầm phụ lục; sẽ ban hành văn bản thay thế."})
    db.session.commit()
    outbox.drain()
    original, recall = _queued()
    assert (recall.business, recall.document_id) == (edxml.Business.RECALL, original.document_id)
    read = edxml.parse(blob_store().read_bytes(recall.stored.sha256))
    assert read.business is edxml.Business.RECALL and read.attachments == () and "nhầm phụ lục" in read.content
    assert service.send_queued(FolderTransport(tmp_path)) == 2
