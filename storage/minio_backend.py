"""MinIO backend (``minio://KEY:SECRET@host:9000/bucket``) for a real deployment.

Keys in the bucket::

    blobs/<sha256>    the bytes; user metadata: filename (percent-encoded UTF-8), sha256
    tmp/<uuid>        uploads in progress

Why a temp object: the SHA-256 is known only after the last byte, so put() streams to
``tmp/<uuid>`` (multipart, one 8 MiB part in memory at a time) while hashing, then makes
``blobs/<sha>`` by a server-side copy — an object appears under its final key only complete.

Retention uses S3 object locking in GOVERNANCE mode by default: a record cannot be deleted or
shortened by the application's credentials before it ends, but an administrator holding
``s3:BypassGovernanceRetention`` can correct a mistaken retention (a wrong 70-year lock on the
wrong file would be unfixable in COMPLIANCE mode, where even the root user cannot). Deployments
that must rule out that administrator set ``?retention=compliance``. Object locking must be
switched on when the bucket is created; ensure() does that. On a bucket without it the store
falls back to recording retention in metadata and refusing delete itself, and health() says so.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta, timezone
from typing import Any, BinaryIO, Iterator
from urllib.parse import quote, unquote

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import COMPLIANCE, GOVERNANCE, REPLACE, ComposeSource, CopySource, Tags
from minio.error import MinioException, S3Error
from minio.retention import Retention
from minio.time import from_iso8601utc

from .base import CHUNK, BlobInfo, BlobStore, HashingReader, TempUpload, VerifyingReader, as_utc, check_sha256, utcnow
from .errors import BlobNotFound, BlobRetained, EmptyBlob, StorageError, StorageUnavailable

PART_SIZE = 8 * 1024 * 1024
BLOBS = "blobs/"
TMP = "tmp/"
_NOT_FOUND = {"NoSuchKey", "NoSuchVersion", "ResourceNotFound", "NoSuchObject"}
_LOCKED = {"AccessDenied", "ObjectLocked", "InvalidRequest"}
_NETWORK_ERRORS = (urllib3.exceptions.HTTPError, OSError)


def _meta(headers: Any, name: str) -> str | None:
    """A user-metadata value from stat headers or listing metadata, whatever the key casing."""
    if not headers:
        return None
    wanted = {f"x-amz-meta-{name}", name}
    for key, value in headers.items():
        if key.lower() in wanted:
            return value
    return None


class MinioBlobStore(BlobStore):
    url_scheme = "minio"

    def __init__(self, *, endpoint: str, access_key: str, secret_key: str, bucket: str, secure: bool = False,
                 region: str | None = None, retention_mode: str = "governance") -> None:
        mode = retention_mode.upper()
        if mode not in (GOVERNANCE, COMPLIANCE):
            raise StorageError(f"retention mode must be governance or compliance, got {retention_mode!r}")
        self.endpoint = endpoint
        self.bucket = bucket
        self.secure = secure
        self.retention_mode = mode
        # Short connect timeout so /readyz and a dead server fail fast; the read timeout is per
        # socket read, not per transfer, so big downloads are fine.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=5, read=120),
            maxsize=16,
            cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
            retries=urllib3.Retry(total=3, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                            region=region, http_client=http)
        self._lock_enabled: bool | None = None

    def __repr__(self) -> str:
        scheme = "https" if self.secure else "http"
        return f"MinioBlobStore({scheme}://{self.endpoint}/{self.bucket})"

    # --- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _key(sha256: str) -> str:
        return BLOBS + check_sha256(sha256)

    def _unavailable(self, exc: Exception) -> StorageUnavailable:
        return StorageUnavailable(f"MinIO at {self.endpoint} unreachable: {exc}")

    @contextmanager
    def _errors(self, sha256: str | None = None) -> Iterator[None]:
        """Translate client errors into storage errors (network → StorageUnavailable)."""
        try:
            yield
        except StorageError:
            raise
        except S3Error as exc:
            if sha256 and (exc.code in _NOT_FOUND or getattr(exc.response, "status", None) == 404) \
                    and exc.code != "NoSuchBucket":
                raise BlobNotFound(sha256) from None
            if exc.code == "NoSuchBucket":
                raise StorageUnavailable(f"bucket {self.bucket} does not exist (run ensure): {exc}") from exc
            raise StorageError(f"MinIO error: {exc}") from exc
        except MinioException as exc:
            raise self._unavailable(exc) from exc
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc

    def lock_enabled(self) -> bool:
        """Whether the bucket has object locking (cached: it can only be set at creation)."""
        if self._lock_enabled is None:
            with self._errors():
                try:
                    config = self.client.get_object_lock_config(self.bucket)
                    self._lock_enabled = config is not None
                except S3Error as exc:
                    if exc.code not in ("ObjectLockConfigurationNotFoundError", "NotImplemented"):
                        raise
                    self._lock_enabled = False
        return self._lock_enabled

    def ensure(self) -> None:
        with self._errors():
            if not self.client.bucket_exists(self.bucket):
                try:
                    self.client.make_bucket(self.bucket, object_lock=True)
                    self._lock_enabled = True
                except S3Error as exc:
                    if exc.code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        pass
                    else:
                        # A server that refuses object locking: keep working, retention enforced by us.
                        self.client.make_bucket(self.bucket)
                        self._lock_enabled = False
            self.lock_enabled()

    def _info(self, sha256: str, obj: Any, tags: Any = None) -> BlobInfo:
        headers = obj.metadata or {}
        retain = headers.get("x-amz-object-lock-retain-until-date") if hasattr(headers, "get") else None
        if not retain:
            retain = _meta(headers, "retain-until")
        last_put = (tags or {}).get("last-put") if tags is not None else None
        content_type = obj.content_type or _meta(headers, "content-type") or "application/octet-stream"
        return BlobInfo(
            sha256=sha256,
            size=int(obj.size or 0),
            content_type=content_type,
            filename=unquote(_meta(headers, "filename") or sha256),
            created=as_utc(obj.last_modified) if obj.last_modified else utcnow(),
            retain_until=from_iso8601utc(retain) if retain else None,
            last_put=_epoch(last_put),
        )

    # --- writing -----------------------------------------------------------------------------
    def put(self, stream: BinaryIO, *, filename: str, content_type: str, max_bytes: int | None = None,
            retain_until: datetime | None = None) -> BlobInfo:
        if _seekable(stream):
            return self._put_seekable(stream, filename, content_type, max_bytes, retain_until)
        return self._put_streamed(stream, filename, content_type, max_bytes, retain_until)

    def _put_seekable(self, stream: BinaryIO, filename: str, content_type: str, max_bytes: int | None,
                      retain_until: datetime | None) -> BlobInfo:
        """A file we can read twice (uploads are spooled to disk first): hash it, then send it
        straight to ``blobs/<sha>`` — or not at all when those bytes are already stored.

        Still atomic: an S3 PUT or multipart upload becomes visible only when complete. The
        second pass is hashed too; if the file changed in between, the object is removed before
        retention is applied and the put fails (readers verify hashes meanwhile anyway).
        """
        start = stream.tell()
        first = HashingReader(stream, max_bytes)
        while first.read(CHUNK):
            pass
        if first.size == 0:
            raise EmptyBlob()
        sha, key, now = first.sha256, self._key(first.sha256), utcnow()
        with self._errors():
            if self._head(key) is not None:
                self._touch(key, now)
                if retain_until is not None:
                    self.set_retention(sha, retain_until)
                return self.stat(sha)
        stream.seek(start)
        second = HashingReader(stream, max_bytes)
        metadata = {"filename": quote(filename, safe=""), "sha256": sha}
        if retain_until is not None and not self.lock_enabled():
            metadata["retain-until"] = _iso(retain_until)
        try:
            with self._errors():
                written = self.client.put_object(
                    self.bucket, key, second, length=first.size, part_size=PART_SIZE,
                    content_type=content_type, metadata=metadata, num_parallel_uploads=1,
                )
        except StorageError:
            if second.source_error is not None and not isinstance(second.source_error, StorageError):
                raise second.source_error from None
            raise
        if (second.sha256, second.size) != (sha, first.size):
            with suppress(S3Error):
                self.client.remove_object(self.bucket, key, version_id=written.version_id)
            raise StorageError("the stream changed while it was being stored")
        if retain_until is not None and self.lock_enabled():
            with self._errors():
                self.client.set_object_retention(self.bucket, key, Retention(self.retention_mode, as_utc(retain_until)),
                                                 version_id=written.version_id)
        return BlobInfo(sha256=sha, size=first.size, content_type=content_type, filename=filename, created=now,
                        retain_until=as_utc(retain_until) if retain_until else None)

    def _put_streamed(self, stream: BinaryIO, filename: str, content_type: str, max_bytes: int | None,
                      retain_until: datetime | None) -> BlobInfo:
        """A stream read once: to a temp key while hashing, then a server-side copy."""
        reader = HashingReader(stream, max_bytes)
        tmp_key = f"{TMP}{uuid.uuid4().hex}"
        encoded_name = quote(filename, safe="")
        try:
            with self._errors():
                # num_parallel_uploads=1: the client's thread pool queues parts without bound, which
                # would hold a 500 MB upload in memory; one part at a time keeps it at PART_SIZE.
                written = self.client.put_object(
                    self.bucket, tmp_key, reader, length=-1, part_size=PART_SIZE,
                    content_type=content_type, metadata={"filename": encoded_name},
                    num_parallel_uploads=1,
                )
        except StorageError:
            if reader.source_error is not None and not isinstance(reader.source_error, StorageError):
                raise reader.source_error from None
            raise
        try:
            if reader.size == 0:
                raise EmptyBlob()
            sha = reader.sha256
            key = self._key(sha)
            now = utcnow()
            with self._errors():
                existing = self._head(key)
                if existing is None:
                    metadata: dict[str, str] = {"Content-Type": content_type, "filename": encoded_name,
                                                "sha256": sha}
                    retention = None
                    if retain_until is not None:
                        if self.lock_enabled():
                            retention = Retention(self.retention_mode, as_utc(retain_until))
                        else:
                            metadata["retain-until"] = _iso(retain_until)
                    self._copy(tmp_key, written.version_id, key, reader.size, metadata, retention)
                    return BlobInfo(sha256=sha, size=reader.size, content_type=content_type, filename=filename,
                                    created=now, retain_until=as_utc(retain_until) if retain_until else None)
                # Same bytes already stored: mark the re-upload so gc counts its age from now.
                self._touch(key, now)
            if retain_until is not None:
                self.set_retention(sha, retain_until)
            return self.stat(sha)
        finally:
            # If this fails the temp object is left for gc (stale tmp/ uploads are collected).
            with suppress(StorageError, S3Error, MinioException, *_NETWORK_ERRORS):
                self.client.remove_object(self.bucket, tmp_key, version_id=written.version_id)

    def _copy(self, source: str, version_id: str | None, target: str, size: int, metadata: dict[str, str],
              retention: Retention | None) -> None:
        """Server-side copy; compose (multipart copy) only past the 5 GiB single-copy limit."""
        if size <= 5 * 1024 ** 3:
            self.client.copy_object(self.bucket, target, CopySource(self.bucket, source, version_id=version_id),
                                    metadata=metadata, retention=retention, metadata_directive=REPLACE)
        else:
            self.client.compose_object(self.bucket, target,
                                       [ComposeSource(self.bucket, source, version_id=version_id)],
                                       metadata=metadata, retention=retention)

    def _touch(self, key: str, when: datetime) -> None:
        tags = Tags.new_object_tags()
        tags["last-put"] = str(int(when.timestamp()))  # epoch seconds: listings percent-encode tag values
        self.client.set_object_tags(self.bucket, key, tags)

    def set_retention(self, sha256: str, until: datetime) -> None:
        key = self._key(sha256)
        until = as_utc(until)
        with self._errors(sha256):
            info = self.stat(sha256)
            if info.retain_until is not None and info.retain_until >= until:
                return
            if self.lock_enabled():
                self.client.set_object_retention(self.bucket, key, Retention(self.retention_mode, until))
            else:
                obj = self.client.stat_object(self.bucket, key)
                metadata = {"Content-Type": info.content_type, "filename": quote(info.filename, safe=""),
                            "sha256": sha256, "retain-until": _iso(until)}
                self._copy(key, obj.version_id, key, info.size, metadata, None)

    def delete(self, sha256: str) -> None:
        info = self.stat(sha256)
        if info.retained():
            raise BlobRetained(sha256, info.retain_until)
        try:
            self._remove_versions(self._key(sha256))
        except S3Error as exc:
            if exc.code in _LOCKED:
                raise BlobRetained(sha256, info.retain_until or "?") from None
            raise StorageError(f"MinIO error: {exc}") from exc

    def _remove_versions(self, key: str) -> None:
        """Delete every version of one key (a plain delete on a versioned bucket only hides it)."""
        with self._errors():
            versions = [o for o in self.client.list_objects(self.bucket, prefix=key, include_version=True)
                        if o.object_name == key]
        for version in versions:
            vid = version.version_id if version.version_id not in (None, "null") else None
            try:
                self.client.remove_object(self.bucket, key, version_id=vid)
            except S3Error as exc:
                if exc.code in _NOT_FOUND:
                    continue
                raise

    # --- reading -----------------------------------------------------------------------------
    def _head(self, key: str) -> Any | None:
        try:
            return self.client.stat_object(self.bucket, key)
        except S3Error as exc:
            if exc.code in _NOT_FOUND or (exc.code != "NoSuchBucket" and getattr(exc.response, "status", 0) == 404):
                return None
            raise

    @contextmanager
    def open(self, sha256: str) -> Iterator[VerifyingReader]:
        key = self._key(sha256)
        with self._errors(sha256):
            response = self.client.get_object(self.bucket, key)

        def release() -> None:
            response.close()
            response.release_conn()

        reader = VerifyingReader(response, sha256, on_close=release)
        try:
            yield reader
        finally:
            reader.close()

    def exists(self, sha256: str) -> bool:
        key = self._key(sha256)
        with self._errors():
            return self._head(key) is not None

    def stat(self, sha256: str) -> BlobInfo:
        key = self._key(sha256)
        with self._errors(sha256):
            obj = self._head(key)
            if obj is None:
                raise BlobNotFound(sha256)
            tags = self.client.get_object_tags(self.bucket, key)
        return self._info(sha256, obj, tags)

    def iter_blobs(self) -> Iterator[BlobInfo]:
        """Listing-level info (one request per 1000 blobs): the retention of a blob comes with
        stat(), which gc calls for the few candidates it would remove."""
        with self._errors():
            for obj in self.client.list_objects(self.bucket, prefix=BLOBS, recursive=True, include_user_meta=True):
                sha = obj.object_name[len(BLOBS):]
                if len(sha) == 64:
                    yield self._info(sha, obj, obj.tags)

    def iter_temp(self) -> Iterator[TempUpload]:
        with self._errors():
            for obj in self.client.list_objects(self.bucket, prefix=TMP, recursive=True):
                yield TempUpload(obj.object_name[len(TMP):], as_utc(obj.last_modified), int(obj.size or 0))

    def remove_temp(self, key: str) -> None:
        if "/" in key or not key:
            raise StorageError(f"bad temp key {key!r}")
        self._remove_versions(TMP + key)

    def presigned_url(self, sha256: str, expires: timedelta, filename: str | None = None) -> str | None:
        key = self._key(sha256)
        headers: dict[str, str] = {}
        if filename:
            headers["response-content-disposition"] = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        with self._errors(sha256):
            return self.client.presigned_get_object(self.bucket, key, expires=expires,
                                                    response_headers=headers or None)

    # --- operations --------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"backend": "minio", "endpoint": self.endpoint, "bucket": self.bucket}
        try:
            with self._errors():
                if not self.client.bucket_exists(self.bucket):
                    return {"ok": False, **detail, "error": f"bucket {self.bucket} does not exist"}
                lock = self.lock_enabled()
        except StorageError as exc:
            return {"ok": False, **detail, "error": str(exc)}
        detail["object_lock"] = lock
        if lock:
            detail["retention_mode"] = self.retention_mode
        else:
            detail["warning"] = ("bucket has no object locking: retention is enforced by eoffice only, "
                                 "not by the server")
        return {"ok": True, **detail}

    def close(self) -> None:
        self.client._http.clear()  # noqa: SLF001 - the client has no public close


def _seekable(stream: Any) -> bool:
    try:
        return bool(stream.seekable()) and isinstance(stream.tell(), int)
    except (AttributeError, OSError, ValueError):
        return False


def _epoch(value: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(unquote(value)), timezone.utc) if value else None
    except ValueError:
        return None


def _iso(value: datetime) -> str:
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
