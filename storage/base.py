"""The one interface both backends implement, and the stream wrappers they share.

Blobs are content-addressed: the key is the SHA-256 of the bytes, so writing the same file twice
stores it once, and every read can prove the bytes are the ones that were written.
"""
from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, BinaryIO, Iterator

from .errors import BlobCorrupted, BlobTooLarge, InvalidBlobId

CHUNK = 1024 * 1024
# A permanent record (lưu trữ vĩnh viễn) is retained until this date: in practice never. A date
# rather than a legal hold so both backends and gc read one field, and "only ever extends"
# keeps it from being shortened by a later, finite retention.
PERMANENT = datetime(9999, 12, 31, tzinfo=timezone.utc)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC (what the rest of eoffice stores)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def check_sha256(value: object) -> str:
    """The only gate between caller input and a path or object key: 64 lowercase hex, nothing else."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise InvalidBlobId(value)
    return value


@dataclass(frozen=True)
class BlobInfo:
    sha256: str
    size: int
    content_type: str
    filename: str
    created: datetime
    retain_until: datetime | None = None
    # Last time a put() wrote these bytes (a re-upload of an old orphan must not be collected
    # between the put and the commit of the row that references it).
    last_put: datetime | None = None

    def retained(self, now: datetime | None = None) -> bool:
        return self.retain_until is not None and self.retain_until > (now or utcnow())

    @property
    def age_reference(self) -> datetime:
        return max(self.created, self.last_put) if self.last_put else self.created


@dataclass(frozen=True)
class TempUpload:
    """An upload in progress or abandoned by a crash: gc removes old ones."""

    key: str
    created: datetime
    size: int


class HashingReader:
    """Wraps the caller's stream for put(): hashes and counts as the bytes go by, and stops the
    upload as soon as it passes ``max_bytes`` (the rest of the stream is never read)."""

    def __init__(self, stream: BinaryIO, max_bytes: int | None) -> None:
        self._stream = stream
        self._max = max_bytes
        self._hash = hashlib.sha256()
        self.size = 0
        # The caller's own stream failing (a dropped client) is not a storage failure: the
        # backend re-raises it unchanged instead of reporting the server as unavailable.
        self.source_error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        # Fill the request (callers such as the minio client ask for a whole part), but never
        # more than one CHUNK per underlying read when the size is unbounded.
        want = CHUNK if size is None or size < 0 else size
        pieces: list[bytes] = []
        got = 0
        while got < want:
            try:
                data = self._stream.read(want - got)
            except BaseException as exc:
                self.source_error = exc
                raise
            if not data:
                break
            pieces.append(data)
            got += len(data)
            if size is None or size < 0:
                break
        data = b"".join(pieces)
        self.size += len(data)
        if self._max is not None and self.size > self._max:
            raise BlobTooLarge(self._max)
        self._hash.update(data)
        return data

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


class VerifyingReader:
    """A read-only stream that checks the SHA-256 when the last byte has been read.

    Raising at EOF (not at open) is what lets a 500 MB download stream without a first pass; a
    caller that reads to the end is told of corruption before it returns normally.
    """

    def __init__(self, raw: Any, sha256: str, on_close: Any = None) -> None:
        self._raw = raw
        self._sha = sha256
        self._hash = hashlib.sha256()
        self._count = 0
        self._verified = False
        self._on_close = on_close
        self.closed = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._verified:
            return b""
        if size is None or size < 0:
            pieces = []
            while chunk := self._raw.read(CHUNK):
                pieces.append(chunk)
                self._update(chunk)
            self._verify()
            return b"".join(pieces)
        data = self._raw.read(size) if size else b""
        if size and not data:
            self._verify()
            return b""
        self._update(data)
        return data

    def _update(self, data: bytes) -> None:
        self._hash.update(data)
        self._count += len(data)

    def _verify(self) -> None:
        self._verified = True
        actual = self._hash.hexdigest()
        if actual != self._sha:
            raise BlobCorrupted(self._sha, actual)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self._on_close is not None:
                self._on_close()
            else:
                self._raw.close()

    def __enter__(self) -> "VerifyingReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class BlobStore(ABC):
    """Content-addressed blob storage. See storage/README.md for the guarantees."""

    url_scheme = ""

    @abstractmethod
    def put(self, stream: BinaryIO, *, filename: str, content_type: str, max_bytes: int | None = None,
            retain_until: datetime | None = None) -> BlobInfo:
        """Store the stream's bytes (streamed, never held whole in memory) and return their info."""

    @abstractmethod
    def open(self, sha256: str) -> AbstractContextManager[VerifyingReader]:
        """A readable stream of the blob that raises BlobCorrupted at EOF if the hash is wrong."""

    def read_bytes(self, sha256: str) -> bytes:
        """The whole blob, verified (for small files only)."""
        with self.open(sha256) as stream:
            return stream.read()

    @abstractmethod
    def exists(self, sha256: str) -> bool: ...

    @abstractmethod
    def stat(self, sha256: str) -> BlobInfo: ...

    @abstractmethod
    def delete(self, sha256: str) -> None:
        """Remove the blob; BlobRetained while under retention, BlobNotFound if absent."""

    @abstractmethod
    def set_retention(self, sha256: str, until: datetime) -> None:
        """Keep the blob at least until ``until`` (only ever extends an existing retention)."""

    @abstractmethod
    def iter_blobs(self) -> Iterator[BlobInfo]: ...

    @abstractmethod
    def iter_temp(self) -> Iterator[TempUpload]:
        """Uploads that have not (yet) become blobs: in progress, or left by a crash."""

    @abstractmethod
    def remove_temp(self, key: str) -> None: ...

    def presigned_url(self, sha256: str, expires: timedelta, filename: str | None = None) -> str | None:
        """A short-lived direct download link, or None when the backend has none (local disk)."""
        check_sha256(sha256)
        return None

    @abstractmethod
    def health(self) -> dict[str, Any]:
        """{"ok": bool, ...detail}; never raises."""

    @abstractmethod
    def ensure(self) -> None:
        """Create the folder or bucket if missing (safe to call repeatedly)."""

    def close(self) -> None:
        """Release connections (nothing to do for most backends)."""
