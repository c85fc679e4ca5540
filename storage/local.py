"""Local-disk backend: the default for one office (``file:///var/lib/eoffice/blobs``).

Layout under the root::

    ab/cd/<sha256>          the bytes (read-only file)
    ab/cd/<sha256>.json     filename, content type, created, retain_until, last_put
    tmp/upload-*            uploads in progress (same filesystem, so os.replace is atomic)

A blob appears under its final name only by ``os.replace`` of a complete, fsynced temp file,
so a crash or an exception mid-upload never leaves a half blob visible.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from .base import (
    CHUNK,
    BlobInfo,
    BlobStore,
    HashingReader,
    TempUpload,
    VerifyingReader,
    as_utc,
    check_sha256,
    utcnow,
)
from .errors import BlobNotFound, BlobRetained, EmptyBlob, StorageError, StorageUnavailable

_HEX = set("0123456789abcdef")


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalBlobStore(BlobStore):
    url_scheme = "file"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"

    def __repr__(self) -> str:
        return f"LocalBlobStore({str(self.root)!r})"

    # --- paths -----------------------------------------------------------------------------
    def _path(self, sha256: str) -> Path:
        sha = check_sha256(sha256)
        return self.root / sha[:2] / sha[2:4] / sha

    def _sidecar(self, sha256: str) -> Path:
        return self._path(sha256).with_suffix(".json")

    def ensure(self) -> None:
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable(f"cannot create storage folder {self.root}: {exc}") from exc

    # --- metadata ----------------------------------------------------------------------------
    def _write_meta(self, sha256: str, meta: dict[str, Any]) -> None:
        target = self._sidecar(sha256)
        fd, tmp = tempfile.mkstemp(dir=self.tmp, prefix="meta-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(meta, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _read_meta(self, sha256: str) -> dict[str, Any]:
        try:
            return json.loads(self._sidecar(sha256).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def _info(self, sha256: str, meta: dict[str, Any], size: int, mtime: float) -> BlobInfo:
        return BlobInfo(
            sha256=sha256,
            size=size,
            content_type=meta.get("content_type") or "application/octet-stream",
            filename=meta.get("filename") or sha256,
            created=_parse(meta.get("created")) or datetime.fromtimestamp(mtime, timezone.utc),
            retain_until=_parse(meta.get("retain_until")),
            last_put=_parse(meta.get("last_put")),
        )

    # --- writing -----------------------------------------------------------------------------
    def put(self, stream: BinaryIO, *, filename: str, content_type: str, max_bytes: int | None = None,
            retain_until: datetime | None = None) -> BlobInfo:
        self.ensure()
        reader = HashingReader(stream, max_bytes)
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="upload-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := reader.read(CHUNK):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if reader.size == 0:
                raise EmptyBlob()
            sha = reader.sha256
            final = self._path(sha)
            now = utcnow()
            meta = self._read_meta(sha) if final.exists() else {}
            if meta:
                meta["last_put"] = _iso(now)
            else:
                meta = {"filename": filename, "content_type": content_type, "created": _iso(now),
                        "retain_until": None, "last_put": _iso(now)}
            if retain_until and (not meta.get("retain_until") or _parse(meta["retain_until"]) < as_utc(retain_until)):
                meta["retain_until"] = _iso(retain_until)
            final.parent.mkdir(parents=True, exist_ok=True)
            # Metadata first: a crash between the two leaves an orphan sidecar, never a blob
            # without its filename.
            self._write_meta(sha, meta)
            if final.exists():
                tmp.unlink()
            else:
                os.chmod(tmp, 0o444)
                os.replace(tmp, final)
                _fsync_dir(final.parent)
            st = final.stat()
            return self._info(sha, meta, st.st_size, st.st_mtime)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def set_retention(self, sha256: str, until: datetime) -> None:
        if not self._path(sha256).exists():
            raise BlobNotFound(sha256)
        meta = self._read_meta(sha256) or self._meta_from(self.stat(sha256))
        current = _parse(meta.get("retain_until"))
        if current is None or current < as_utc(until):
            meta["retain_until"] = _iso(until)
            self._write_meta(sha256, meta)

    @staticmethod
    def _meta_from(info: BlobInfo) -> dict[str, Any]:
        return {"filename": info.filename, "content_type": info.content_type, "created": _iso(info.created),
                "retain_until": _iso(info.retain_until), "last_put": _iso(info.last_put)}

    def delete(self, sha256: str) -> None:
        info = self.stat(sha256)
        if info.retained():
            raise BlobRetained(sha256, info.retain_until)
        self._path(sha256).unlink(missing_ok=True)
        self._sidecar(sha256).unlink(missing_ok=True)

    # --- reading -----------------------------------------------------------------------------
    @contextmanager
    def open(self, sha256: str) -> Iterator[VerifyingReader]:
        try:
            raw = self._path(sha256).open("rb")
        except FileNotFoundError:
            raise BlobNotFound(sha256) from None
        reader = VerifyingReader(raw, sha256)
        try:
            yield reader
        finally:
            reader.close()

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def stat(self, sha256: str) -> BlobInfo:
        try:
            st = self._path(sha256).stat()
        except FileNotFoundError:
            raise BlobNotFound(sha256) from None
        return self._info(sha256, self._read_meta(sha256), st.st_size, st.st_mtime)

    def iter_blobs(self) -> Iterator[BlobInfo]:
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if len(first.name) != 2 or not set(first.name) <= _HEX or not first.is_dir():
                continue
            for second in sorted(first.iterdir()):
                if not second.is_dir():
                    continue
                for entry in sorted(second.iterdir()):
                    if len(entry.name) == 64 and set(entry.name) <= _HEX:
                        try:
                            yield self.stat(entry.name)
                        except BlobNotFound:
                            continue  # deleted while we walked

    def iter_temp(self) -> Iterator[TempUpload]:
        if not self.tmp.is_dir():
            return
        for entry in self.tmp.iterdir():
            try:
                st = entry.stat()
            except FileNotFoundError:
                continue
            yield TempUpload(entry.name, datetime.fromtimestamp(st.st_mtime, timezone.utc), st.st_size)

    def remove_temp(self, key: str) -> None:
        if "/" in key or key in ("", ".", ".."):
            raise StorageError(f"bad temp key {key!r}")
        (self.tmp / key).unlink(missing_ok=True)

    # --- operations --------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"backend": "local", "root": str(self.root)}
        try:
            self.ensure()
            probe = tempfile.NamedTemporaryFile(dir=self.tmp, prefix="health-", delete=True)
            probe.close()
            usage = shutil.disk_usage(self.root)
        except (OSError, StorageError) as exc:
            return {"ok": False, **detail, "error": str(exc)}
        detail["free_bytes"] = usage.free
        return {"ok": True, **detail}
