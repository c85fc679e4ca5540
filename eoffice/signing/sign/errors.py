"""The one error signing raises: a code for machines and a Vietnamese message that says what
to do next. It is a :class:`ServiceError`, so pages and the API show it like any bad input."""
from __future__ import annotations

from eoffice.errors import ServiceError

__all__ = ["SigningError", "MESSAGES"]

MESSAGES: dict[str, str] = {
    "wrong_password": "Mật khẩu tệp chứng thư số (.p12) không đúng. Hãy nhập lại mật khẩu rồi ký lại.",
    "wrong_pin": "Mã PIN của thiết bị ký số (token) không đúng. Hãy nhập lại mã PIN; "
    "lưu ý nhập sai nhiều lần có thể khóa token.",
    "pin_locked": "Thiết bị ký số (token) đã bị khóa do nhập sai mã PIN nhiều lần. "
    "Hãy liên hệ tổ chức cung cấp dịch vụ chứng thực để mở khóa.",
    "key_not_found": "Không tìm thấy khóa ký hoặc chứng thư số trên thiết bị/dịch vụ ký. "
    "Hãy kiểm tra đã cắm đúng token hoặc chọn đúng chứng thư số.",
    "cert_expired": "Chứng thư số đã hết hạn hoặc chưa đến ngày có hiệu lực nên không ký được. "
    "Hãy gia hạn chứng thư số với tổ chức cung cấp dịch vụ chứng thực.",
    "cert_revoked": "Chứng thư số đã bị thu hồi nên không ký được. "
    "Hãy liên hệ tổ chức cung cấp dịch vụ chứng thực để được cấp chứng thư số mới.",
    "unreadable_pdf": "Không đọc được tệp PDF cần ký (tệp hỏng hoặc không phải PDF). "
    "Hãy tải lên lại bản PDF của văn bản.",
    "field_not_found": "Không tìm thấy chữ ký của lãnh đạo trên văn bản để đóng dấu lên. "
    "Hãy để lãnh đạo ký trước rồi mới ký số của cơ quan.",
    "tsa_unreachable": "Không kết nối được máy chủ cấp dấu thời gian (TSA). "
    "Hãy thử lại sau ít phút hoặc báo quản trị hệ thống kiểm tra địa chỉ TSA.",
    "remote_signing_failed": "Dịch vụ ký số từ xa từ chối hoặc không trả lời yêu cầu ký. "
    "Hãy xác nhận lại yêu cầu ký trên ứng dụng của nhà cung cấp rồi thử lại.",
    "not_approved_version": "Tệp PDF cần ký khác với bản đã được duyệt (mã băm SHA-256 không khớp). "
    "Không ký bản này; hãy tải lại đúng bản đã duyệt hoặc trình duyệt lại.",
    "number_field_missing": "Văn bản đã ký không có ô để ghi số, ký hiệu; ghi thêm vào sẽ làm mất hiệu lực chữ ký "
    "của lãnh đạo. Hãy để lãnh đạo ký lại bản có ô số (hệ thống tự thêm khi ký).",
    "number_already_stamped": "Văn bản đã được ghi số, ký hiệu; mỗi văn bản chỉ ghi số một lần. "
    "Nếu số bị sai, hãy hủy bản này và trình ký lại.",
    "bad_image": "Ảnh chữ ký hoặc ảnh con dấu không đọc được. Hãy tải lên ảnh PNG.",
    "bad_page": "Trang đặt chữ ký không có trong văn bản. Hãy chọn lại trang.",
    "signing_failed": "Không ký số được văn bản. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống.",
}


class SigningError(ServiceError):
    """Signing refused; nothing was produced. ``code`` is one of :data:`MESSAGES`."""

    def __init__(self, code: str, message: str | None = None, **details: object) -> None:
        super().__init__(code, message or MESSAGES[code], **details)
