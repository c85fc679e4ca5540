"""Content-addressed blob storage for eoffice: local disk or MinIO behind one interface.

    from storage import open_store
    store = open_store("file:///var/lib/eoffice/blobs")   # or "minio://KEY:SECRET@host:9000/bucket"
    store.ensure()
    info = store.put(fh, filename="Công văn số 15.pdf", content_type="application/pdf")
    with store.open(info.sha256) as stream:                # verifies the SHA-256 at EOF
        while chunk := stream.read(256 * 1024): ...

This package knows nothing of Flask or of eoffice's domain. See storage/README.md.
"""
from .base import PERMANENT, BlobInfo, BlobStore, TempUpload, check_sha256
from .errors import (
    BlobCorrupted,
    BlobNotFound,
    BlobRetained,
    BlobTooLarge,
    EmptyBlob,
    InvalidBlobId,
    StorageError,
    StorageUnavailable,
)
from .urls import open_store

__all__ = [
    "PERMANENT",
    "BlobCorrupted",
    "BlobInfo",
    "BlobNotFound",
    "BlobRetained",
    "BlobStore",
    "BlobTooLarge",
    "EmptyBlob",
    "InvalidBlobId",
    "StorageError",
    "StorageUnavailable",
    "TempUpload",
    "check_sha256",
    "open_store",
]
