"""The storage guarantees, proven on local disk and on a real MinIO (fixture `store`)."""
from __future__ import annotations

import hashlib
import io
import time
import tracemalloc
import urllib.request
from datetime import timedelta
from urllib.parse import quote

import pytest

from storage import (
    PERMANENT,
    BlobCorrupted,
    BlobNotFound,
    BlobRetained,
    BlobStore,
    BlobTooLarge,
    EmptyBlob,
    InvalidBlobId,
    open_store,
)
from storage.base import utcnow
from storage.maintenance import collect_garbage, verify
from storage.minio_backend import MinioBlobStore
from tests.integration.storage.storage_helpers import (
    MB,
    GeneratedStream,
    corrupt,
    leave_stale_temp,
    remove_behind_back,
)

PDF = b"%PDF-1.7\n" + "Quyết định số 15/QĐ-UBND".encode() + b"\n%%EOF\n"


def put(store: BlobStore, data: bytes, name: str = "van-ban.pdf", **kwargs):  # type: ignore[no-untyped-def]
    return store.put(io.BytesIO(data), filename=name, content_type="application/pdf", **kwargs)


def visible(store: BlobStore) -> list[str]:
    return [b.sha256 for b in store.iter_blobs()]


def test_same_bytes_are_stored_once_under_their_sha256(store):
    first = put(store, PDF, "a.pdf")
    second = put(store, PDF, "b.pdf")
    assert first.sha256 == second.sha256 == hashlib.sha256(PDF).hexdigest()
    assert visible(store) == [first.sha256]
    assert store.read_bytes(first.sha256) == PDF


def test_vietnamese_filename_and_content_type_round_trip(store):
    name = "Công văn số 15 – Đề nghị hỗ trợ (bản ký số).pdf"
    info = store.put(io.BytesIO(PDF), filename=name, content_type="application/pdf")
    stat = store.stat(info.sha256)
    assert (stat.filename, stat.content_type, stat.size) == (name, "application/pdf", len(PDF))
    assert info.filename == name
    assert [b.filename for b in store.iter_blobs()] == [name]


def test_reading_a_tampered_blob_raises_blob_corrupted(store):
    info = put(store, PDF)
    corrupt(store, info.sha256)
    with pytest.raises(BlobCorrupted):
        store.read_bytes(info.sha256)
    with pytest.raises(BlobCorrupted), store.open(info.sha256) as stream:
        while stream.read(256 * 1024):
            pass


def test_a_64_mb_stream_goes_in_and_out_without_being_held_in_memory(store):
    size = 64 * MB
    expected = GeneratedStream.sha256_of(size, seed=7)
    tracemalloc.start()
    try:
        info = store.put(GeneratedStream(size, seed=7), filename="ho-so-quet.pdf", content_type="application/pdf")
        _, peak_in = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest, count = hashlib.sha256(), 0
        with store.open(info.sha256) as stream:
            while chunk := stream.read(256 * 1024):
                digest.update(chunk)
                count += len(chunk)
        _, peak_out = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (info.sha256, info.size) == (expected, size)
    assert (digest.hexdigest(), count) == (expected, size)
    print(f"peak memory: put {peak_in / MB:.1f} MB, open {peak_out / MB:.1f} MB")
    assert peak_in < 40 * MB, f"put held {peak_in / MB:.0f} MB"
    assert peak_out < 8 * MB, f"open held {peak_out / MB:.0f} MB"


@pytest.mark.parametrize("fail_after", [3 * MB, 20 * MB], ids=["first-part", "mid-multipart"])
def test_an_upload_interrupted_midway_leaves_nothing_visible(store, fail_after):
    with pytest.raises(ConnectionResetError):
        store.put(GeneratedStream(32 * MB, fail_after=fail_after), filename="x.pdf", content_type="application/pdf")
    assert visible(store) == []
    assert list(store.iter_temp()) == []
    assert not store.exists(GeneratedStream.sha256_of(32 * MB))


def test_an_empty_file_is_rejected_and_nothing_is_kept(store):
    with pytest.raises(EmptyBlob) as caught:
        put(store, b"")
    assert "rỗng" in caught.value.message
    assert visible(store) == [] and list(store.iter_temp()) == []


@pytest.mark.parametrize("size", [2 * MB, 20 * MB], ids=["single-part", "multipart"])
def test_a_file_over_the_limit_is_rejected_and_nothing_is_kept(store, size):
    with pytest.raises(BlobTooLarge) as caught:
        store.put(GeneratedStream(size), filename="x.pdf", content_type="application/pdf", max_bytes=size - 1)
    assert "vượt quá" in caught.value.message
    assert visible(store) == [] and list(store.iter_temp()) == []
    assert put(store, b"x" * 10, max_bytes=10).size == 10  # exactly the limit is fine


def test_unknown_and_malformed_ids_are_refused(store):
    missing = "0" * 64
    assert not store.exists(missing)
    with pytest.raises(BlobNotFound):
        store.stat(missing)
    with pytest.raises(BlobNotFound):
        store.read_bytes(missing)
    for bad in ("../../etc/passwd", "A" * 64, "0" * 63, "0" * 64 + "/x"):
        with pytest.raises(InvalidBlobId):
            store.exists(bad)


def test_gc_is_a_dry_run_by_default_and_spares_referenced_recent_and_retained_blobs(store):
    kept = put(store, b"referenced")
    orphan = put(store, b"orphan")
    retained = put(store, b"archived", retain_until=utcnow() + timedelta(days=1))
    leave_stale_temp(store)
    later = utcnow() + timedelta(hours=2)

    recent = collect_garbage(store, {kept.sha256}, grace=timedelta(hours=24), apply=True, now=later)
    assert recent.removed == [] and recent.stale_temp == []
    assert {b.sha256 for b in recent.too_recent} == {orphan.sha256, retained.sha256}

    dry = collect_garbage(store, {kept.sha256}, grace=timedelta(hours=1), now=later)
    assert [b.sha256 for b in dry.removed] == [orphan.sha256]
    assert [b.sha256 for b in dry.retained] == [retained.sha256]
    assert len(dry.stale_temp) == 1 and dry.referenced == 1 and not dry.applied
    assert sorted(visible(store)) == sorted([kept.sha256, orphan.sha256, retained.sha256])

    done = collect_garbage(store, {kept.sha256}, grace=timedelta(hours=1), apply=True, now=later)
    assert [b.sha256 for b in done.removed] == [orphan.sha256]
    assert sorted(visible(store)) == sorted([kept.sha256, retained.sha256])
    assert list(store.iter_temp()) == []


def test_a_reupload_of_an_old_orphan_restarts_its_grace_period(store):
    orphan = put(store, b"uploaded again")
    put(store, b"uploaded again")
    report = collect_garbage(store, set(), grace=timedelta(hours=1), apply=True,
                             now=orphan.created + timedelta(minutes=30))
    assert report.removed == [] and store.exists(orphan.sha256)


def test_verify_reports_missing_and_corrupted_blobs(store):
    good = put(store, b"good")
    damaged = put(store, b"will be damaged")
    gone = put(store, b"will vanish")
    corrupt(store, damaged.sha256)
    remove_behind_back(store, gone.sha256)
    seen: list[tuple[int, int]] = []
    report = verify(store, [good.sha256, damaged.sha256, gone.sha256], progress=lambda d, t: seen.append((d, t)))
    assert (report.checked, report.missing, report.corrupted) == (3, [gone.sha256], [damaged.sha256])
    assert not report.ok and seen[-1] == (3, 3)
    assert verify(store, [good.sha256]).ok


def test_retention_refuses_delete_until_it_ends(store):
    info = put(store, PDF, retain_until=utcnow() + timedelta(days=1))
    with pytest.raises(BlobRetained) as caught:
        store.delete(info.sha256)
    assert "thời hạn lưu trữ" in caught.value.message
    assert store.exists(info.sha256)

    later = put(store, b"archived later")
    store.set_retention(later.sha256, utcnow() + timedelta(days=1))
    store.set_retention(later.sha256, utcnow() + timedelta(hours=1))  # never shortens
    assert store.stat(later.sha256).retain_until > utcnow() + timedelta(hours=23)
    with pytest.raises(BlobRetained):
        store.delete(later.sha256)

    free = put(store, b"not archived")
    store.delete(free.sha256)
    assert not store.exists(free.sha256)
    with pytest.raises(BlobNotFound):
        store.delete(free.sha256)


@pytest.mark.minio
def test_minio_itself_refuses_to_delete_a_retained_object(minio_store):
    from minio.error import S3Error

    store = minio_store
    info = put(store, PDF, retain_until=utcnow() + timedelta(days=1))
    assert store.health()["object_lock"] is True
    version = store.client.stat_object(store.bucket, f"blobs/{info.sha256}").version_id
    with pytest.raises(S3Error):  # straight to the server, past our own check
        store.client.remove_object(store.bucket, f"blobs/{info.sha256}", version_id=version)


def test_a_permanent_record_is_retained_forever_and_never_shortened(store):
    info = put(store, b"luu tru vinh vien", retain_until=PERMANENT)
    assert store.stat(info.sha256).retain_until == PERMANENT
    store.set_retention(info.sha256, utcnow() + timedelta(days=3650))  # a finite date never shortens it
    assert store.stat(info.sha256).retain_until == PERMANENT
    with pytest.raises(BlobRetained):
        store.delete(info.sha256)
    assert store.exists(info.sha256)


def test_a_blob_is_deleted_once_its_retention_has_ended(store):
    info = put(store, b"het thoi han bao quan", retain_until=utcnow() + timedelta(seconds=2))
    with pytest.raises(BlobRetained):
        store.delete(info.sha256)
    time.sleep(2.5)
    store.delete(info.sha256)
    assert not store.exists(info.sha256)


@pytest.mark.minio
def test_minio_refuses_to_delete_a_permanent_object_and_allows_it_once_a_retention_ends(minio_store):
    from minio.error import S3Error

    store = minio_store
    forever = put(store, PDF, retain_until=PERMANENT)
    retention = store.client.get_object_retention(store.bucket, f"blobs/{forever.sha256}")
    assert retention.mode == "GOVERNANCE" and retention.retain_until_date.year == 9999
    version = store.client.stat_object(store.bucket, f"blobs/{forever.sha256}").version_id
    with pytest.raises(S3Error):  # the server itself, past our own check
        store.client.remove_object(store.bucket, f"blobs/{forever.sha256}", version_id=version)
    brief = put(store, b"hai giay", retain_until=utcnow() + timedelta(seconds=2))
    version = store.client.stat_object(store.bucket, f"blobs/{brief.sha256}").version_id
    with pytest.raises(S3Error):
        store.client.remove_object(store.bucket, f"blobs/{brief.sha256}", version_id=version)
    time.sleep(2.5)
    store.client.remove_object(store.bucket, f"blobs/{brief.sha256}", version_id=version)
    assert not store.exists(brief.sha256)


def test_presigned_url_downloads_the_right_bytes_with_the_filename(store):
    info = put(store, PDF, "Quyết định 15.pdf")
    url = store.presigned_url(info.sha256, timedelta(minutes=5), filename="Quyết định 15.pdf")
    if not isinstance(store, MinioBlobStore):
        assert url is None  # local disk: the app streams the file itself
        return
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
        assert response.read() == PDF
        assert quote("Quyết định 15.pdf", safe="") in response.headers["Content-Disposition"]
        assert response.headers["Content-Type"] == "application/pdf"


def test_health_reports_ok_with_detail(store):
    health = store.health()
    assert health["ok"] is True
    assert health["backend"] in ("local", "minio")


@pytest.mark.minio
def test_health_of_an_unreachable_minio_is_not_ok_and_fast():
    dead = open_store("minio://key:secretsecret@127.0.0.1:1/nothing?secure=0")
    started = time.monotonic()
    health = dead.health()
    assert health["ok"] is False and "error" in health
    assert time.monotonic() - started < 15


def test_a_seekable_file_over_the_limit_or_failing_midway_leaves_nothing(store, tmp_path):
    """Spooled uploads (real files) take the hash-first path on MinIO: same guarantees."""
    big = tmp_path / "big.bin"
    with big.open("wb") as fh:
        stream = GeneratedStream(20 * MB, seed=3)
        while chunk := stream.read(MB):
            fh.write(chunk)
    with big.open("rb") as fh, pytest.raises(BlobTooLarge):
        store.put(fh, filename="big.bin", content_type="application/octet-stream", max_bytes=10 * MB)

    class FailsOnSecondPass(io.FileIO):
        passes = 0

        def seek(self, *args):  # type: ignore[no-untyped-def]
            FailsOnSecondPass.passes += 1
            return super().seek(*args)

        def read(self, n=-1):  # type: ignore[no-untyped-def]
            if FailsOnSecondPass.passes and self.tell() > 12 * MB:
                raise ConnectionResetError("disk read failed")
            return super().read(n)

    with FailsOnSecondPass(big, "rb") as fh:
        try:
            store.put(fh, filename="big.bin", content_type="application/octet-stream")
        except ConnectionResetError:  # MinIO reads twice; the local backend reads once and succeeds
            assert visible(store) == []
    assert list(store.iter_temp()) == []
    with big.open("rb") as fh:
        info = store.put(fh, filename="big.bin", content_type="application/octet-stream")
    assert visible(store) == [info.sha256] and store.read_bytes(info.sha256) == big.read_bytes()
