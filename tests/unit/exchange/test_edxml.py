"""edXML packages: what we write reads back unchanged, what other agencies' software writes is
read where its meaning is clear, and a package that breaks the rules is refused with a message
that says what is wrong — never half-read."""
from __future__ import annotations

import base64
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from eoffice.calendar.timezone import VN
from eoffice.exchange import edxml
from eoffice.exchange.edxml import Attachment, Business, InvalidPackage, Message, Organ, Priority, ResponseFor, Status

PDF = b"%PDF-1.7\n% signed decree bytes\n%%EOF\n"
SENDER = Organ("000.00.01.H36", "Ủy ban nhân dân tỉnh Khánh Hòa", address="01 Trần Phú, Nha Trang", email="vanthu@khanhhoa.gov.vn")
RECIPIENT = Organ("H36.12.01", "Sở Xây dựng tỉnh Khánh Hòa")


def _message(**changes) -> Message:  # type: ignore[no-untyped-def]
    message = Message(
        sender=SENDER, recipients=(RECIPIENT, Organ("000.00.02.H36", "Sở Tài chính")), document_id="000.00.01.H36,2026/12/03,07",
        code_number="07", code_notation="QĐ-UBND", place="Khánh Hòa", promulgation_date=date(2026, 12, 3),
        subject="Về việc phê duyệt kế hoạch cải tạo nhà ở xuống cấp năm 2027", doc_type="QĐ", type_name="Quyết định",
        signer_full_name="Trần Hồng Hà", signer_position="Phó Chủ tịch", signer_competence="KT. CHỦ TỊCH",
        sent_at=datetime(2026, 12, 3, 9, 30, tzinfo=VN), due_date=date(2026, 12, 17),
        to_places=("Như Điều 3", "Lưu: VT, KT"), priority=Priority.URGENT, promulgation_amount=5, page_amount=3,
        appendixes=("Phụ lục I",), response_for=ResponseFor("H36.12.01", "15/SXD-QLN", date(2026, 11, 20)),
        attachments=(Attachment("07-QD-UBND.pdf", "application/pdf", PDF), Attachment("phu-luc.xlsx", "application/vnd.ms-excel", b"x" * 300)),
    )
    return replace(message, **changes)


def test_a_package_we_write_reads_back_with_every_field_and_file():
    message = _message()
    package = edxml.build(message)
    assert package.startswith(b"<?xml") and b"http://www.e-doc.vn/Schema/" in package
    assert edxml.parse(package) == message
    recall = replace(message, business=Business.RECALL)
    assert edxml.parse(edxml.build(recall)).business is Business.RECALL


def test_decomposed_vietnamese_is_written_and_read_as_nfc():
    nfd = unicodedata.normalize("NFD", "Về việc hỗ trợ người dân vùng lũ")
    read = edxml.parse(edxml.build(_message(subject=nfd)))
    assert read.subject == unicodedata.normalize("NFC", nfd) and read.subject != nfd


def test_a_recipient_without_an_organisation_code_is_refused_naming_the_recipient():
    with pytest.raises(InvalidPackage) as info:
        edxml.build(_message(recipients=(Organ("", "Công ty TNHH Xây dựng Hòa Bình"),)))
    assert "Công ty TNHH Xây dựng Hòa Bình" in info.value.message and "mã định danh" in info.value.message
    with pytest.raises(InvalidPackage) as info:
        edxml.build(_message(recipients=(Organ("SXD 12", "Sở Xây dựng"),)))
    assert "000.00.01.H01" in info.value.message


def test_a_subject_longer_than_the_standard_allows_is_refused():
    with pytest.raises(InvalidPackage) as info:
        edxml.build(_message(subject="x" * 501))
    assert "500" in info.value.message


def test_another_vendors_package_is_read_whatever_its_prefixes_and_date_forms():
    """Other software writes another prefix, dd/mm/yyyy dates, a local time without a zone, and
    no manifest; the meaning is clear, so it is read."""
    encoded = base64.encodebytes(PDF).decode()  # with line breaks, as many encoders write it
    package = f"""<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="http://www.e-doc.vn/Schema/">
 <soap:Header>
  <e:MessageHeader>
   <e:From><e:OrganId>000.00.01.h36</e:OrganId><e:OrganName>UBND tỉnh Khánh Hòa</e:OrganName></e:From>
   <e:To><e:OrganId>H36.12.01</e:OrganId><e:OrganName>Sở Xây dựng</e:OrganName></e:To>
   <e:Code><e:CodeNumber>12</e:CodeNumber><e:CodeNotation>UBND-VP</e:CodeNotation></e:Code>
   <e:PromulgationInfo><e:Place>Khánh Hòa</e:Place><e:PromulgationDate>03/12/2026</e:PromulgationDate></e:PromulgationInfo>
   <e:DocumentType><e:Type>CV</e:Type><e:TypeName>Công văn</e:TypeName></e:DocumentType>
   <e:Subject>  V/v báo cáo tình hình   </e:Subject>
   <e:SignerInfo><e:FullName>Nguyễn Văn A</e:FullName></e:SignerInfo>
   <e:OtherInfo><e:Priority>3</e:Priority></e:OtherInfo>
  </e:MessageHeader>
  <e:TraceHeaderList><e:TraceHeader><e:OrganId>000.00.01.H36</e:OrganId><e:Timestamp>03/12/2026 14:05:00</e:Timestamp></e:TraceHeader></e:TraceHeaderList>
 </soap:Header>
 <soap:Body><e:AttachmentEncoded><e:Attachment ContentType="application/pdf"><e:AttachmentName>..\\..\\etc\\cv.pdf</e:AttachmentName><e:Value>{encoded}</e:Value></e:Attachment></e:AttachmentEncoded></soap:Body>
</soap:Envelope>""".encode()
    read = edxml.parse(package)
    assert read.sender.organ_id == "000.00.01.H36", "the code is read in its canonical spelling"
    assert (read.code_number, read.code_notation, read.promulgation_date) == ("12", "UBND-VP", date(2026, 12, 3))
    assert read.subject == "V/v báo cáo tình hình" and read.priority is Priority.EXPRESS and read.business is Business.NEW
    assert read.sent_at == datetime(2026, 12, 3, 7, 5, tzinfo=timezone.utc), "a time without a zone is Vietnam time"
    assert [(a.name, a.data) for a in read.attachments] == [("cv.pdf", PDF)], "no folder part survives in a file name"


@pytest.mark.parametrize(("package", "fragment"), [
    (b"not xml at all", "không phải XML"),
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]><x>&b;</x>", "DTD"),
    (b"<Envelope><Header/></Envelope>", "MessageHeader"),
])
def test_what_is_not_an_edxml_package_is_refused_with_the_reason(package, fragment):
    with pytest.raises(InvalidPackage) as info:
        edxml.parse(package)
    assert fragment in info.value.message


def test_a_broken_file_a_bad_date_or_an_unknown_priority_refuses_the_whole_package():
    good = edxml.build(_message()).decode()
    value_start = good.index("<edXML:Value>") + len("<edXML:Value>")
    for broken, fragment in (
        (good[:value_start] + "%%%not-base64%%%" + good[value_start:], "07-QD-UBND.pdf"),
        (good.replace("<edXML:PromulgationDate>2026-12-03", "<edXML:PromulgationDate>2026-02-30", 1), "không phải là ngày có thật"),
        (good.replace("<edXML:Priority>1</edXML:Priority>", "<edXML:Priority>7</edXML:Priority>"), "Hỏa tốc"),
    ):
        with pytest.raises(InvalidPackage) as info:
            edxml.parse(broken.encode())
        assert fragment in info.value.message


def test_a_package_above_the_size_bound_is_refused_before_it_is_read():
    with pytest.raises(InvalidPackage) as info:
        edxml.parse(b"<x/>" + b" " * 2048, max_bytes=1024)
    assert "vượt giới hạn" in info.value.message


def test_a_status_message_reads_back_and_an_unknown_status_is_refused():
    status = edxml.StatusMessage(
        sender=RECIPIENT, recipient_id="000.00.01.H36", document_id="000.00.01.H36,2026/12/03,07", code_number="07",
        code_notation="QĐ-UBND", status=Status.ACCEPTED, at=datetime(2026, 12, 3, 10, 0, tzinfo=VN) + timedelta(minutes=5),
        description="Đã vào sổ, số đến 231", staff_name="Lê Thị Văn Thư", department="Văn phòng Sở",
    )
    package = edxml.build_status(status)
    assert edxml.parse_status(package) == status
    assert Status.ACCEPTED.label == "Đã tiếp nhận"
    with pytest.raises(InvalidPackage) as info:
        edxml.parse_status(package.replace(b"<edXML:StatusCode>03<", b"<edXML:StatusCode>99<"))
    assert "Từ chối thu hồi" in info.value.message, "the message lists the codes that exist"
