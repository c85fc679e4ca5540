"""The edXML package (QCVN 102:2016) one agency sends another: write it, read it, check it.

A package is one XML document: a SOAP envelope whose header carries the `MessageHeader`
(sender, recipients, số/ký hiệu, promulgation place and date, type, trích yếu, signer, due
date, nơi nhận, priority and other info, the document it answers) and the `TraceHeaderList`
(who handled it when, and the business type: new, recall, update, replace); the body carries
the `Manifest` naming each file and the files themselves, base64-encoded. Status messages
(arrived, refused, accepted, assigned, processing, done, recall…) use the same envelope with a
`Status` header instead.

Packages from other agencies' software differ in small ways, so reading is lenient where the
meaning is clear — elements are matched by local name whatever their namespace prefix, dates
come as dd/mm/yyyy or ISO, times with or without a zone (none means Vietnam time) — and strict
where it is not: no DTDs or entities (defusedxml), a size bound, organisation codes in one of
the two forms in use, a trích yếu of at most 500 characters, every file decodable. Text is
NFC. A package that cannot be read raises InvalidPackage naming what is wrong.
"""
from __future__ import annotations

import base64
import binascii
import posixpath
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, IntEnum
from typing import Iterable, Iterator, Optional
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from eoffice.calendar.timezone import VN
from eoffice.dates import InvalidDate, parse_date
from eoffice.errors import ServiceError
from eoffice.org.codes import InvalidOrganisationCode, normalize_org_code
from eoffice.text import nfc

EDXML = "http://www.e-doc.vn/Schema/"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
XLINK = "http://www.w3.org/1999/xlink"
SUBJECT_MAX = 500
MAX_PACKAGE_BYTES = 200 * 1024 * 1024

ET.register_namespace("SOAP-ENV", SOAP)
ET.register_namespace("edXML", EDXML)
ET.register_namespace("xlink", XLINK)


class InvalidPackage(ServiceError):
    """A package that is not edXML or breaks its rules; the message says what to tell the sender."""

    def __init__(self, message: str) -> None:
        super().__init__("invalid_edxml", message)


class Priority(IntEnum):
    """OtherInfo/Priority: the urgency marks of Decree 30."""

    ORDINARY = 0
    URGENT = 1
    VERY_URGENT = 2
    EXPRESS = 3

    @property
    def label(self) -> str:
        return {0: "Thường", 1: "Khẩn", 2: "Thượng khẩn", 3: "Hỏa tốc"}[self.value]


class Business(IntEnum):
    """TraceHeaderList/Bussiness/BussinessDocType: what this package does to the document."""

    NEW = 0
    RECALL = 1
    UPDATE = 2
    REPLACE = 3

    @property
    def label(self) -> str:
        return {0: "Văn bản mới", 1: "Thu hồi", 2: "Cập nhật", 3: "Thay thế"}[self.value]


class Status(str, Enum):
    """The status codes a receiving agency sends back."""

    ARRIVED = "01"
    REFUSED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    DONE = "06"
    RECALL = "13"
    RECALL_ACCEPTED = "15"
    RECALL_REFUSED = "16"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.ARRIVED: "Đã đến", Status.REFUSED: "Từ chối / trả lại", Status.ACCEPTED: "Đã tiếp nhận",
    Status.ASSIGNED: "Đã phân công", Status.PROCESSING: "Đang xử lý", Status.DONE: "Đã hoàn thành",
    Status.RECALL: "Thu hồi", Status.RECALL_ACCEPTED: "Đồng ý thu hồi", Status.RECALL_REFUSED: "Từ chối thu hồi",
}


@dataclass(frozen=True)
class Organ:
    """An agency as edXML names it: its organisation code and contact details."""

    organ_id: str
    name: str
    address: str = ""
    email: str = ""
    phone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class ResponseFor:
    """The document this one answers (its sender's code, số/ký hiệu, date and id)."""

    organ_id: str
    code: str
    promulgation_date: Optional[date] = None
    document_id: str = ""


@dataclass(frozen=True)
class Message:
    sender: Organ
    recipients: tuple[Organ, ...]
    document_id: str
    code_number: str
    code_notation: str
    promulgation_date: date
    subject: str
    doc_type: str
    type_name: str
    signer_full_name: str
    sent_at: datetime
    place: str = ""
    signer_position: str = ""
    signer_competence: str = ""
    content: str = ""
    due_date: Optional[date] = None
    to_places: tuple[str, ...] = ()
    priority: Priority = Priority.ORDINARY
    sphere_of_promulgation: str = ""
    promulgation_amount: Optional[int] = None
    page_amount: Optional[int] = None
    appendixes: tuple[str, ...] = ()
    response_for: Optional[ResponseFor] = None
    business: Business = Business.NEW
    attachments: tuple[Attachment, ...] = field(default=())


@dataclass(frozen=True)
class StatusMessage:
    sender: Organ
    recipient_id: str
    document_id: str
    code_number: str
    code_notation: str
    status: Status
    at: datetime
    description: str = ""
    staff_name: str = ""
    department: str = ""


# --- Writing ----------------------------------------------------------------------------------
def build(message: Message) -> bytes:
    """The package for `message` as UTF-8 XML; InvalidPackage when the message breaks a rule."""
    _check(message)
    envelope, header, body = _envelope()
    head = _sub(header, "MessageHeader")
    _organ(_sub(head, "From"), message.sender)
    for recipient in message.recipients:
        _organ(_sub(head, "To"), recipient)
    _text(head, "DocumentId", message.document_id)
    code = _sub(head, "Code")
    _text(code, "CodeNumber", message.code_number)
    _text(code, "CodeNotation", message.code_notation)
    promulgation = _sub(head, "PromulgationInfo")
    _text(promulgation, "Place", message.place)
    _text(promulgation, "PromulgationDate", _day(message.promulgation_date))
    doc_type = _sub(head, "DocumentType")
    _text(doc_type, "Type", message.doc_type)
    _text(doc_type, "TypeName", message.type_name)
    _text(head, "Subject", message.subject)
    _text(head, "Content", message.content)
    signer = _sub(head, "SignerInfo")
    _text(signer, "Competence", message.signer_competence)
    _text(signer, "Position", message.signer_position)
    _text(signer, "FullName", message.signer_full_name)
    _text(head, "DueDate", _day(message.due_date) if message.due_date else "")
    places = _sub(head, "ToPlaces")
    for place in message.to_places:
        _text(places, "Place", place)
    other = _sub(head, "OtherInfo")
    _text(other, "Priority", str(int(message.priority)))
    _text(other, "SphereOfPromulgation", message.sphere_of_promulgation)
    _text(other, "PromulgationAmount", _number(message.promulgation_amount))
    _text(other, "PageAmount", _number(message.page_amount))
    appendixes = _sub(other, "Appendixes")
    for appendix in message.appendixes:
        _text(appendixes, "Appendix", appendix)
    if message.response_for is not None:
        answered = _sub(head, "ResponseFor")
        _text(answered, "OrganId", message.response_for.organ_id)
        _text(answered, "Code", message.response_for.code)
        _text(answered, "PromulgationDate", _day(message.response_for.promulgation_date) if message.response_for.promulgation_date else "")
        _text(answered, "DocumentId", message.response_for.document_id)
    traces = _sub(header, "TraceHeaderList")
    trace = _sub(traces, "TraceHeader")
    _text(trace, "OrganId", message.sender.organ_id)
    _text(trace, "Timestamp", _moment(message.sent_at))
    business = _sub(traces, "Bussiness")  # the standard's own spelling
    _text(business, "BussinessDocType", str(int(message.business)))
    _files(body, message.attachments)
    return _serialised(envelope)


def build_status(message: StatusMessage) -> bytes:
    """A status message (đã đến, đã tiếp nhận, từ chối…) back to the sending agency."""
    _checked_code(message.sender.organ_id, "Mã định danh cơ quan gửi trạng thái")
    _checked_code(message.recipient_id, "Mã định danh cơ quan nhận trạng thái")
    envelope, header, _ = _envelope()
    status = _sub(header, "Status")
    _organ(_sub(status, "ResponseFor"), message.sender)
    _text(status, "ToOrganId", message.recipient_id)
    _text(status, "DocumentId", message.document_id)
    code = _sub(status, "Code")
    _text(code, "CodeNumber", message.code_number)
    _text(code, "CodeNotation", message.code_notation)
    _text(status, "StatusCode", message.status.value)
    _text(status, "Description", message.description)
    _text(status, "Timestamp", _moment(message.at))
    staff = _sub(status, "StaffInfo")
    _text(staff, "Department", message.department)
    _text(staff, "Staff", message.staff_name)
    return _serialised(envelope)


def _check(message: Message) -> None:
    _checked_code(message.sender.organ_id, "Mã định danh cơ quan gửi")
    if not message.recipients:
        raise InvalidPackage("Gói tin phải có ít nhất một cơ quan nhận (To).")
    for recipient in message.recipients:
        if not recipient.organ_id.strip():
            raise InvalidPackage(f"Nơi nhận “{recipient.name}” chưa có mã định danh; hãy bổ sung mã trong danh mục cơ quan trước khi gửi.")
        _checked_code(recipient.organ_id, f"Mã định danh của “{recipient.name}”")
    if not nfc(message.subject).strip():
        raise InvalidPackage("Gói tin phải có trích yếu (Subject).")
    if len(nfc(message.subject)) > SUBJECT_MAX:
        raise InvalidPackage(f"Trích yếu dài {len(nfc(message.subject))} ký tự; edXML cho tối đa {SUBJECT_MAX}.")
    if message.sent_at.tzinfo is None:
        raise ValueError("sent_at must be an aware datetime")


def _envelope() -> tuple[ET.Element, ET.Element, ET.Element]:
    envelope = ET.Element(f"{{{SOAP}}}Envelope")
    return envelope, ET.SubElement(envelope, f"{{{SOAP}}}Header"), ET.SubElement(envelope, f"{{{SOAP}}}Body")


def _sub(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{EDXML}}}{name}")


def _text(parent: ET.Element, name: str, value: str) -> None:
    _sub(parent, name).text = nfc(value or "")


def _organ(element: ET.Element, organ: Organ) -> None:
    _text(element, "OrganId", organ.organ_id)
    _text(element, "OrganName", organ.name)
    _text(element, "OrganAdd", organ.address)
    _text(element, "Email", organ.email)
    _text(element, "Telephone", organ.phone)
    _text(element, "Fax", organ.fax)
    _text(element, "Website", organ.website)


def _files(body: ET.Element, attachments: Iterable[Attachment]) -> None:
    manifest = _sub(body, "Manifest")
    manifest.set("version", "1.0")
    encoded = _sub(body, "AttachmentEncoded")
    for number, attachment in enumerate(attachments, start=1):
        reference = _sub(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", f"cid:{number}")
        _text(reference, "AttachmentName", attachment.name)
        _text(reference, "Description", attachment.description)
        item = _sub(encoded, "Attachment")
        item.set("ContentID", str(number))
        item.set("ContentType", attachment.content_type)
        item.set("ContentTransferEncoding", "base64")
        _text(item, "AttachmentName", attachment.name)
        _sub(item, "Value").text = base64.b64encode(attachment.data).decode("ascii")


def _serialised(envelope: ET.Element) -> bytes:
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)


def _day(value: date) -> str:
    return value.isoformat()


def _moment(value: datetime) -> str:
    return value.astimezone(VN).isoformat(timespec="seconds")


def _number(value: Optional[int]) -> str:
    return "" if value is None else str(value)


def _checked_code(code: str, label: str) -> str:
    try:
        return normalize_org_code(code)
    except InvalidOrganisationCode as exc:
        raise InvalidPackage(f"{label}: {exc.message}") from None


# --- Reading ----------------------------------------------------------------------------------
def parse(data: bytes, max_bytes: int = MAX_PACKAGE_BYTES) -> Message:
    """The message a package carries; InvalidPackage (400) saying what is wrong otherwise."""
    return _message_from(_root(data, max_bytes))


def _message_from(root: ET.Element) -> Message:
    head = _required(root, "MessageHeader", "Gói tin không có phần MessageHeader; đây không phải văn bản edXML.")
    sender_element = _required(head, "From", "Gói tin không ghi cơ quan gửi (From).")
    sender = _read_organ(sender_element, "cơ quan gửi")
    recipients = tuple(_read_organ(e, "cơ quan nhận") for e in _children(head, "To"))
    subject = _value(head, "Subject")
    if not subject:
        raise InvalidPackage("Gói tin không có trích yếu (Subject).")
    if len(subject) > SUBJECT_MAX:
        raise InvalidPackage(f"Trích yếu dài {len(subject)} ký tự; edXML cho tối đa {SUBJECT_MAX}.")
    promulgated = _read_day(_value(head, "PromulgationInfo", "PromulgationDate"), "Ngày ban hành (PromulgationDate)")
    if promulgated is None:
        raise InvalidPackage("Gói tin không ghi ngày ban hành (PromulgationDate).")
    return Message(
        sender=sender, recipients=recipients, document_id=_value(head, "DocumentId"),
        code_number=_value(head, "Code", "CodeNumber"), code_notation=_value(head, "Code", "CodeNotation"),
        place=_value(head, "PromulgationInfo", "Place"), promulgation_date=promulgated,
        doc_type=_value(head, "DocumentType", "Type"), type_name=_value(head, "DocumentType", "TypeName"),
        subject=subject, content=_value(head, "Content"),
        signer_competence=_value(head, "SignerInfo", "Competence"), signer_position=_value(head, "SignerInfo", "Position"),
        signer_full_name=_value(head, "SignerInfo", "FullName"),
        due_date=_read_day(_value(head, "DueDate"), "Hạn xử lý (DueDate)"),
        to_places=tuple(_texts(_first(head, "ToPlaces"), "Place")),
        priority=_read_enum(Priority, _value(head, "OtherInfo", "Priority") or "0", "Độ khẩn (Priority)"),
        sphere_of_promulgation=_value(head, "OtherInfo", "SphereOfPromulgation"),
        promulgation_amount=_read_int(_value(head, "OtherInfo", "PromulgationAmount"), "Số bản (PromulgationAmount)"),
        page_amount=_read_int(_value(head, "OtherInfo", "PageAmount"), "Số trang (PageAmount)"),
        appendixes=tuple(_texts(_first(_first(head, "OtherInfo"), "Appendixes"), "Appendix")),
        response_for=_read_response_for(_first(head, "ResponseFor")),
        business=_read_business(_first(root, "TraceHeaderList")),
        sent_at=_sent_at(root),
        attachments=tuple(_read_files(root)),
    )


def parse_any(data: bytes, max_bytes: int = MAX_PACKAGE_BYTES) -> "Message | StatusMessage":
    """A document package or a status message, whichever `data` is."""
    root = _root(data, max_bytes)
    if _first(root, "MessageHeader") is None and _first(root, "Status") is not None:
        return _status_from(root)
    return _message_from(root)


def parse_status(data: bytes, max_bytes: int = MAX_PACKAGE_BYTES) -> StatusMessage:
    return _status_from(_root(data, max_bytes))


def _status_from(root: ET.Element) -> StatusMessage:
    status = _required(root, "Status", "Gói tin không có phần Status; đây không phải thông điệp trạng thái edXML.")
    sender = _read_organ(_required(status, "ResponseFor", "Thông điệp trạng thái không ghi cơ quan gửi (ResponseFor)."), "cơ quan gửi trạng thái")
    at = _read_moment(_value(status, "Timestamp"))
    if at is None:
        raise InvalidPackage("Thông điệp trạng thái không ghi thời điểm (Timestamp).")
    return StatusMessage(
        sender=sender, recipient_id=_value(status, "ToOrganId"), document_id=_value(status, "DocumentId"),
        code_number=_value(status, "Code", "CodeNumber"), code_notation=_value(status, "Code", "CodeNotation"),
        status=_read_enum(Status, _value(status, "StatusCode").zfill(2), "Mã trạng thái (StatusCode)"), at=at,
        description=_value(status, "Description"), staff_name=_value(status, "StaffInfo", "Staff"),
        department=_value(status, "StaffInfo", "Department"),
    )


def _root(data: bytes, max_bytes: int) -> ET.Element:
    if len(data) > max_bytes:
        raise InvalidPackage(f"Gói tin lớn {len(data) // (1024 * 1024)} MB, vượt giới hạn {max_bytes // (1024 * 1024)} MB.")
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise InvalidPackage("Gói tin có khai báo DTD hoặc thực thể XML; vì an toàn, hệ thống không đọc loại gói tin này.") from None
    except ET.ParseError as exc:
        raise InvalidPackage(f"Gói tin không phải XML hợp lệ ({exc}).") from None


def _local(element: ET.Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _descendants(element: ET.Element) -> Iterator[ET.Element]:
    yield from element.iter()


def _children(element: Optional[ET.Element], name: str) -> list[ET.Element]:
    if element is None:
        return []
    return [child for child in element if _local(child) == name]


def _first(element: Optional[ET.Element], name: str) -> Optional[ET.Element]:
    """The first element called `name` under `element` (a child first, else any descendant)."""
    if element is None:
        return None
    children = _children(element, name)
    if children:
        return children[0]
    return next((e for e in _descendants(element) if e is not element and _local(e) == name), None)


def _required(element: ET.Element, name: str, message: str) -> ET.Element:
    found = _first(element, name)
    if found is None:
        raise InvalidPackage(message)
    return found


def _value(element: Optional[ET.Element], *path: str) -> str:
    for name in path:
        element = _children(element, name)[0] if _children(element, name) else None
    if element is None:
        return ""
    return nfc("".join(element.itertext())).strip()


def _texts(element: Optional[ET.Element], name: str) -> Iterator[str]:
    for child in _children(element, name):
        text = nfc("".join(child.itertext())).strip()
        if text:
            yield text


def _read_organ(element: ET.Element, who: str) -> Organ:
    raw = _value(element, "OrganId")
    if not raw:
        raise InvalidPackage(f"Gói tin không ghi mã định danh của {who} (OrganId).")
    return Organ(
        organ_id=_checked_code(raw, f"Mã định danh của {who}"), name=_value(element, "OrganName"),
        address=_value(element, "OrganAdd"), email=_value(element, "Email"), phone=_value(element, "Telephone"),
        fax=_value(element, "Fax"), website=_value(element, "Website"),
    )


def _read_day(text: str, label: str) -> Optional[date]:
    if not text:
        return None
    candidate = text.split("T")[0].split(" ")[0]
    try:
        return parse_date(candidate, label)
    except InvalidDate as exc:
        raise InvalidPackage(exc.message) from None


def _read_moment(text: str) -> Optional[datetime]:
    """ISO 8601 with or without a zone, or dd/mm/yyyy HH:MM[:SS]; no zone means Vietnam time."""
    if not text:
        return None
    for reader in (datetime.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y %H:%M:%S"),
                   lambda t: datetime.strptime(t, "%d/%m/%Y %H:%M")):
        try:
            moment = reader(text)
        except ValueError:
            continue
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=VN)
    raise InvalidPackage(f"Thời điểm “{text[:40]}” trong gói tin không đọc được; cần dạng ISO 8601 hoặc dd/mm/yyyy HH:mm:ss.")


def _read_int(text: str, label: str) -> Optional[int]:
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise InvalidPackage(f"{label} phải là số nguyên không âm, không phải “{text[:20]}”.")
    return int(text)


def _read_enum(kind: type, text: str, label: str):  # type: ignore[no-untyped-def]
    try:
        return kind(int(text)) if issubclass(kind, IntEnum) else kind(text)
    except ValueError:
        allowed = ", ".join(f"{m.value} ({m.label})" for m in kind)
        raise InvalidPackage(f"{label} “{text[:20]}” không có trong edXML; giá trị hợp lệ: {allowed}.") from None


def _read_response_for(element: Optional[ET.Element]) -> Optional[ResponseFor]:
    if element is None or not _value(element, "OrganId"):
        return None
    return ResponseFor(
        organ_id=_checked_code(_value(element, "OrganId"), "Mã định danh của văn bản được trả lời"),
        code=_value(element, "Code"),
        promulgation_date=_read_day(_value(element, "PromulgationDate"), "Ngày của văn bản được trả lời"),
        document_id=_value(element, "DocumentId"),
    )


def _read_business(traces: Optional[ET.Element]) -> Business:
    """The standard spells it "Bussiness"; some software corrects the spelling."""
    text = (_value(traces, "Bussiness", "BussinessDocType") or _value(traces, "Business", "BusinessDocType") or "0")
    return _read_enum(Business, text, "Loại nghiệp vụ (BussinessDocType)")


def _sent_at(root: ET.Element) -> datetime:
    traces = _first(root, "TraceHeaderList")
    stamps = [_read_moment(_value(t, "Timestamp")) for t in _children(traces, "TraceHeader")]
    known = [s for s in stamps if s is not None]
    if not known:
        raise InvalidPackage("Gói tin không có thời điểm gửi (TraceHeader/Timestamp).")
    return known[0]


def _read_files(root: ET.Element) -> Iterator[Attachment]:
    names = {}
    for reference in _children(_first(root, "Manifest"), "Reference"):
        href = reference.get(f"{{{XLINK}}}href") or reference.get("href") or ""
        names[href.removeprefix("cid:")] = (_value(reference, "AttachmentName"), _value(reference, "Description"))
    for number, item in enumerate(_children(_first(root, "AttachmentEncoded"), "Attachment"), start=1):
        content_id = item.get("ContentID") or str(number)
        listed_name, description = names.get(content_id, ("", ""))
        name = _safe_name(_value(item, "AttachmentName") or listed_name or f"tep-{content_id}")
        try:
            data = base64.b64decode("".join(_value(item, "Value").split()), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidPackage(f"Tệp “{name}” trong gói tin không giải mã được (base64 hỏng); hãy đề nghị cơ quan gửi gửi lại.") from None
        yield Attachment(name=name, content_type=item.get("ContentType") or "application/octet-stream",
                         data=data, description=description)


def _safe_name(name: str) -> str:
    """A file name without any folder part (a package must not name paths on our disk)."""
    base = posixpath.basename(nfc(name).replace("\\", "/")).strip()
    return base[:255] or "tep"
