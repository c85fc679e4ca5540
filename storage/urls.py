"""Pick a backend from ``EOFFICE_STORAGE_URL``.

    file:///var/lib/eoffice/blobs
    minio://ACCESS:SECRET@host:9000/bucket?secure=0        (plain HTTP, e.g. inside compose)
    minios://ACCESS:SECRET@host:9000/bucket                (TLS; same as ?secure=1)

Extra query options for MinIO: ``retention=governance|compliance`` (object-lock mode, default
governance, see storage/README.md) and ``region=...``. Credentials may be percent-encoded.
"""
from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from .base import BlobStore
from .errors import StorageError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def open_store(url: str) -> BlobStore:
    """The backend named by ``url`` (nothing is contacted until it is used)."""
    parts = urlsplit(url.strip())
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise StorageError(f"storage URL must be file:///absolute/path, got {url!r}",
                               "Đường dẫn kho tệp phải có dạng file:///đường/dẫn/tuyệt/đối.")
        from .local import LocalBlobStore

        return LocalBlobStore(unquote(parts.path))
    if parts.scheme in ("minio", "minios"):
        from .minio_backend import MinioBlobStore

        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        secure = parts.scheme == "minios"
        flag = query.get("secure", "").lower()
        if flag in _TRUE:
            secure = True
        elif flag in _FALSE:
            secure = False
        elif flag:
            raise StorageError(f"secure must be 0 or 1, got {flag!r}")
        bucket = parts.path.strip("/")
        if not bucket or "/" in bucket or not parts.hostname:
            raise StorageError(f"MinIO URL needs host and one bucket: {_redact(url)!r}",
                               "Địa chỉ MinIO phải có dạng minio://KHÓA:MẬT_KHẨU@máy:cổng/tên-bucket.")
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        endpoint = f"{host}:{parts.port}" if parts.port else host
        return MinioBlobStore(
            endpoint=endpoint,
            access_key=unquote(parts.username or ""),
            secret_key=unquote(parts.password or ""),
            bucket=bucket,
            secure=secure,
            region=query.get("region") or None,
            retention_mode=query.get("retention", "governance"),
        )
    raise StorageError(f"unknown storage URL scheme in {_redact(url)!r} (use file:// or minio://)",
                       "Địa chỉ kho tệp không hợp lệ: dùng file:///… hoặc minio://…")


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(parts.password, "***")
    return url
