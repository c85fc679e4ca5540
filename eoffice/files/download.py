"""Sending a stored file to a browser or an API client: one response for every kind of work.

The caller has already checked that the user may read the item the file belongs to. A PDF
opens in the tab only when it has no active content (JavaScript, actions, embedded files…);
everything else is a download in a sandbox. nosniff: the browser keeps to the declared type.
"""
from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import quote

from flask import Response

from eoffice.backends import blob_store

CHUNK = 256 * 1024


def file_response(record: Any) -> Response:
    """Stream `record` (a WorkFile or StoredFile: sha256, filename, content_type, size)."""
    from eoffice.documents.uploads import download_content_type, opens_inline

    store, sha256 = blob_store(), record.sha256

    def chunks() -> Iterator[bytes]:
        # Needs no request context: the file is streamed after the view has returned.
        with store.open(sha256) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk

    inline = opens_inline(sha256, record.content_type, lambda: store.read_bytes(sha256))
    ascii_name = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in record.filename)
    headers = {
        "Content-Disposition": f"{'inline' if inline else 'attachment'}; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(record.filename)}",
        "Content-Length": str(record.size),
        "X-Content-Type-Options": "nosniff",
    }
    if not inline:
        headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return Response(chunks(), mimetype=download_content_type(record.content_type), headers=headers)
