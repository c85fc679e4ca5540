"""Both storage backends behind one fixture, so every behaviour is proven on each.

The MinIO parameter talks to the real server that scripts/test.sh starts (URL in
EOFFICE_TEST_MINIO_URL); without it the test FAILS rather than skips. Each test gets its own
bucket (created with object locking), emptied and removed afterwards — bypassing the GOVERNANCE
retention that the retention tests set, which is exactly what GOVERNANCE mode allows an admin.
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from minio.deleteobjects import DeleteObject

from storage import BlobStore, open_store
from storage.minio_backend import MinioBlobStore
from tests.conftest import require_server_url

BACKENDS = [
    pytest.param("local", id="local"),
    pytest.param("minio", id="minio", marks=pytest.mark.minio),
]


def minio_url(bucket: str) -> str:
    base = urlsplit(require_server_url("EOFFICE_TEST_MINIO_URL", "MinIO"))
    return urlunsplit(base._replace(path=f"/{bucket}"))


def drop_bucket(store: MinioBlobStore) -> None:
    client = store.client
    if not client.bucket_exists(store.bucket):
        return
    doomed = [DeleteObject(o.object_name, o.version_id)
              for o in client.list_objects(store.bucket, recursive=True, include_version=True)]
    errors = list(client.remove_objects(store.bucket, doomed, bypass_governance_mode=True))
    assert not errors, errors
    client.remove_bucket(store.bucket)


def new_store(backend: str, tmp_path: Path) -> BlobStore:
    if backend == "local":
        return open_store(f"file://{tmp_path / 'blobs'}")
    return open_store(minio_url(f"eoffice-t-{uuid.uuid4().hex[:16]}"))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    """A fresh, ensured, empty store of each backend."""
    blob_store = new_store(request.param, tmp_path)
    blob_store.ensure()
    try:
        yield blob_store
    finally:
        if isinstance(blob_store, MinioBlobStore):
            drop_bucket(blob_store)
        blob_store.close()


@pytest.fixture
def minio_store(tmp_path: Path) -> Iterator[MinioBlobStore]:
    """A fresh MinIO store only, for what the local backend has no equivalent of."""
    blob_store = new_store("minio", tmp_path)
    assert isinstance(blob_store, MinioBlobStore)
    blob_store.ensure()
    try:
        yield blob_store
    finally:
        drop_bucket(blob_store)
        blob_store.close()
