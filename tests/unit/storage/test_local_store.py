"""Local-disk backend details and URL parsing (no server needed)."""
from __future__ import annotations

import io
import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from storage import BlobCorrupted, BlobRetained, InvalidBlobId, StorageError, check_sha256, open_store
from storage.base import utcnow
from storage.local import LocalBlobStore
from storage.minio_backend import MinioBlobStore


@pytest.fixture
def store(tmp_path: Path) -> LocalBlobStore:
    s = open_store(f"file://{tmp_path / 'blobs'}")
    assert isinstance(s, LocalBlobStore)
    s.ensure()
    return s


def test_blob_lands_at_ab_cd_sha_read_only_with_a_json_sidecar(store):
    info = store.put(io.BytesIO(b"abc"), filename="Tờ trình.docx", content_type="application/msword")
    path = store.root / info.sha256[:2] / info.sha256[2:4] / info.sha256
    assert path.read_bytes() == b"abc"
    assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["filename"] == "Tờ trình.docx" and meta["content_type"] == "application/msword"


def test_failed_put_removes_its_temp_file(store):
    class Broken:
        def read(self, n: int = -1) -> bytes:
            raise OSError("disk went away")

    with pytest.raises(OSError):
        store.put(Broken(), filename="x", content_type="y")  # type: ignore[arg-type]
    assert list(store.tmp.iterdir()) == []


def test_a_blob_whose_sidecar_is_lost_still_reads_and_gets_it_back_on_reupload(store):
    info = store.put(io.BytesIO(b"abc"), filename="a.pdf", content_type="application/pdf")
    store._sidecar(info.sha256).unlink()  # noqa: SLF001
    assert store.stat(info.sha256).filename == info.sha256
    assert store.read_bytes(info.sha256) == b"abc"
    store.put(io.BytesIO(b"abc"), filename="a.pdf", content_type="application/pdf")
    assert store.stat(info.sha256).filename == "a.pdf"


def test_appended_bytes_are_caught_too(store):
    info = store.put(io.BytesIO(b"abc"), filename="a", content_type="text/plain")
    path = store._path(info.sha256)  # noqa: SLF001
    path.chmod(0o644)
    with path.open("ab") as fh:
        fh.write(b"!")
    with pytest.raises(BlobCorrupted):
        store.read_bytes(info.sha256)


def test_retention_survives_reupload_and_only_extends(store):
    soon = utcnow() + timedelta(days=1)
    info = store.put(io.BytesIO(b"abc"), filename="a", content_type="t", retain_until=soon)
    store.put(io.BytesIO(b"abc"), filename="a", content_type="t")  # no retention given: kept
    assert store.stat(info.sha256).retain_until == soon
    with pytest.raises(BlobRetained):
        store.delete(info.sha256)


def test_expired_retention_allows_delete(store):
    info = store.put(io.BytesIO(b"abc"), filename="a", content_type="t", retain_until=utcnow() - timedelta(seconds=1))
    store.delete(info.sha256)
    assert not store.exists(info.sha256)


@pytest.mark.parametrize("value", ["../" * 8 + "etc/passwd", "/" + "a" * 63, "A" * 64, "", None, "g" * 64])
def test_only_lowercase_sha256_hex_is_accepted(value):
    with pytest.raises(InvalidBlobId):
        check_sha256(value)


def test_health_reports_not_ok_for_an_unwritable_root(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    health = open_store(f"file://{blocker}/blobs").health()
    assert health["ok"] is False and health["backend"] == "local"


def test_minio_urls_parse_credentials_bucket_and_tls():
    plain = open_store("minio://KEY:p%40ss@127.0.0.1:9000/eoffice?secure=0")
    assert isinstance(plain, MinioBlobStore)
    assert (plain.endpoint, plain.bucket, plain.secure, plain.retention_mode) == ("127.0.0.1:9000", "eoffice", False, "GOVERNANCE")
    assert open_store("minios://K:S@s3.example.vn/eoffice").secure is True
    assert open_store("minio://K:S@h:9000/b?secure=1&retention=compliance").retention_mode == "COMPLIANCE"
    assert "p%40ss" not in repr(plain) and "p@ss" not in repr(plain)


@pytest.mark.parametrize("url", ["s3://k:s@h/b", "file://relative/path", "minio://k:s@h:9000/", "minio://k:s@h/a/b",
                                 "minio://k:s@h/b?secure=maybe"])
def test_bad_storage_urls_fail_with_a_clear_error(url):
    with pytest.raises(StorageError):
        open_store(url)
