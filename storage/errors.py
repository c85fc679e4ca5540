"""Storage errors: an English ``str()`` for logs and a Vietnamese ``message`` for people.

Every error subclasses :class:`StorageError`, so a caller that only wants "did storage work?"
catches one class, while the UI can show ``exc.message`` as it is (it says what to do next).
"""
from __future__ import annotations


class StorageError(Exception):
    """Base class. ``code`` is stable for machines; ``message`` is for people."""

    code = "storage_error"
    message = "Lỗi kho lưu trữ tệp. Hãy thử lại sau hoặc báo quản trị hệ thống."

    def __init__(self, english: str, message: str | None = None, **details: object) -> None:
        super().__init__(english)
        if message is not None:
            self.message = message
        self.details = details


class EmptyBlob(StorageError):
    code = "empty_blob"
    message = "Tệp rỗng (0 byte): hãy chọn lại đúng tệp."

    def __init__(self) -> None:
        super().__init__("refusing to store an empty blob (0 bytes)")


class BlobTooLarge(StorageError):
    code = "blob_too_large"

    def __init__(self, max_bytes: int) -> None:
        mb = max_bytes / (1024 * 1024)
        super().__init__(
            f"blob exceeds the limit of {max_bytes} bytes",
            f"Tệp vượt quá dung lượng cho phép ({mb:.1f} MB). Hãy nén hoặc tách tệp rồi tải lên lại.",
            max_bytes=max_bytes,
        )


class BlobNotFound(StorageError):
    code = "blob_not_found"

    def __init__(self, sha256: str) -> None:
        super().__init__(
            f"blob {sha256} not found",
            f"Không tìm thấy tệp {sha256[:12]}… trong kho lưu trữ. Hãy báo quản trị hệ thống "
            "(chạy `eoffice storage verify`).",
            sha256=sha256,
        )


class BlobCorrupted(StorageError):
    code = "blob_corrupted"

    def __init__(self, sha256: str, actual: str) -> None:
        super().__init__(
            f"blob {sha256} is corrupted: its content hashes to {actual}",
            f"Tệp {sha256[:12]}… trong kho đã bị hỏng hoặc bị sửa (mã băm không khớp). "
            "Không dùng tệp này; hãy báo quản trị hệ thống để khôi phục từ bản sao lưu.",
            sha256=sha256, actual=actual,
        )


class BlobRetained(StorageError):
    code = "blob_retained"

    def __init__(self, sha256: str, until: object) -> None:
        if hasattr(until, "strftime"):
            until = until.strftime("%Y-%m-%d %H:%M UTC")  # type: ignore[union-attr]
        super().__init__(
            f"blob {sha256} is under retention until {until}",
            f"Tệp {sha256[:12]}… đang trong thời hạn lưu trữ bắt buộc (đến {until}); "
            "không được xóa trước thời hạn này.",
            sha256=sha256, until=until,
        )


class StorageUnavailable(StorageError):
    code = "storage_unavailable"

    def __init__(self, english: str) -> None:
        super().__init__(
            english,
            "Không kết nối được kho lưu trữ tệp. Hãy thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống.",
        )


class InvalidBlobId(StorageError, ValueError):
    """A malformed SHA-256 (never reaches a path or an object key)."""

    code = "invalid_blob_id"

    def __init__(self, value: object) -> None:
        super().__init__(
            f"not a SHA-256 hex digest: {str(value)[:80]!r}",
            "Mã tệp không hợp lệ.",
        )
