"""Streams and back-door edits shared by the storage tests (imported, not fixtures)."""
from __future__ import annotations

import hashlib
import io

from minio.deleteobjects import DeleteObject

from storage import BlobStore
from storage.local import LocalBlobStore
from storage.minio_backend import MinioBlobStore

MB = 1024 * 1024


class GeneratedStream:
    """``size`` deterministic bytes produced on demand: a 64 MB upload without 64 MB in memory."""

    def __init__(self, size: int, seed: int = 1, fail_after: int | None = None) -> None:
        self.size = size
        self.pos = 0
        self.fail_after = fail_after
        self.block = hashlib.sha256(str(seed).encode()).digest() * (MB // 32)

    def read(self, n: int = -1) -> bytes:
        if self.fail_after is not None and self.pos >= self.fail_after:
            raise ConnectionResetError("client went away mid-upload")
        n = min(MB if n is None or n < 0 else n, MB, self.size - self.pos)
        offset = self.pos % len(self.block)
        data = (self.block[offset:] + self.block[:offset])[:n]
        self.pos += len(data)
        return data

    @classmethod
    def sha256_of(cls, size: int, seed: int = 1) -> str:
        stream, digest = cls(size, seed), hashlib.sha256()
        while chunk := stream.read(MB):
            digest.update(chunk)
        return digest.hexdigest()


def corrupt(store: BlobStore, sha256: str, data: bytes = b"tampered bytes") -> None:
    """Change a stored blob behind the store's back, as a disk fault or an intruder would."""
    if isinstance(store, LocalBlobStore):
        path = store._path(sha256)  # noqa: SLF001 - the test plays the disk
        path.chmod(0o644)
        path.write_bytes(data)
    else:
        assert isinstance(store, MinioBlobStore)
        store.client.put_object(store.bucket, f"blobs/{sha256}", io.BytesIO(data), len(data))


def remove_behind_back(store: BlobStore, sha256: str) -> None:
    if isinstance(store, LocalBlobStore):
        store._path(sha256).unlink()  # noqa: SLF001
    else:
        assert isinstance(store, MinioBlobStore)
        key = f"blobs/{sha256}"
        doomed = [DeleteObject(o.object_name, o.version_id)
                  for o in store.client.list_objects(store.bucket, prefix=key, include_version=True)]
        assert not list(store.client.remove_objects(store.bucket, doomed, bypass_governance_mode=True))


def leave_stale_temp(store: BlobStore) -> None:
    """What a crashed upload leaves behind."""
    if isinstance(store, LocalBlobStore):
        store.tmp.mkdir(parents=True, exist_ok=True)
        (store.tmp / "upload-crashed").write_bytes(b"half an upload")
    else:
        assert isinstance(store, MinioBlobStore)
        store.client.put_object(store.bucket, "tmp/crashed", io.BytesIO(b"half an upload"), 14)
