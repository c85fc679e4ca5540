"""Choose and configure a backend from one URL (EOFFICE_SEARCH_URL).

* ``embedded:///absolute/path`` or ``embedded:relative/path`` — tantivy index in that folder.
* ``http://host:9200``, ``https://user:pass@host:9200`` — Elasticsearch.
* ``elasticsearch://host:9200`` (= http) and ``elasticsearch+https://host:9200`` (= https).

Elasticsearch URLs take query parameters: ``prefix`` (index/alias name prefix, default
``eoffice``; lets several installations or test runs share a cluster), ``timeout`` (seconds,
default 10), ``verify_certs`` (``true``/``false``) and ``ca_certs`` (a path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from .base import SearchIndex
from .model import SearchError

_PREFIX = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,100}$")


@dataclass(frozen=True)
class SearchURL:
    backend: str  # "embedded" | "elasticsearch"
    path: str = ""
    hosts: list[str] = field(default_factory=list)
    prefix: str = "eoffice"
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0
    verify_certs: bool = True
    ca_certs: str | None = None


def _bad(url: str, why: str) -> SearchError:
    return SearchError(
        "invalid_search_url",
        f"Địa chỉ máy tìm kiếm «{url}» không hợp lệ: {why}. Ví dụ đúng: "
        "embedded:///var/lib/eoffice/search hoặc http://127.0.0.1:9200/?prefix=eoffice.",
    )


def parse_search_url(url: str) -> SearchURL:
    """Parse EOFFICE_SEARCH_URL into a :class:`SearchURL` (raises SearchError if malformed)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "embedded":
        path = unquote(parts.netloc + parts.path) if parts.netloc else unquote(parts.path)
        if not path:
            raise _bad(url, "thiếu đường dẫn thư mục chỉ mục")
        return SearchURL(backend="embedded", path=path)
    if scheme in ("http", "https", "elasticsearch", "elasticsearch+http", "elasticsearch+https"):
        http_scheme = "https" if scheme.endswith("https") else "http"
        if not parts.hostname:
            raise _bad(url, "thiếu tên máy chủ")
        if parts.path not in ("", "/"):
            raise _bad(url, "không dùng đường dẫn; đặt tiền tố chỉ mục bằng ?prefix=")
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        prefix = params.pop("prefix", "eoffice").lower()
        if not _PREFIX.match(prefix):
            raise _bad(url, "tiền tố chỉ mục chỉ gồm chữ thường, số, '-', '_' hoặc '.'")
        try:
            timeout = float(params.pop("timeout", "10"))
        except ValueError:
            raise _bad(url, "timeout phải là số giây") from None
        verify = params.pop("verify_certs", "true").lower() not in ("false", "0", "no")
        ca_certs = params.pop("ca_certs", None)
        if params:
            raise _bad(url, f"tham số không hỗ trợ: {', '.join(sorted(params))}")
        port = parts.port or 9200
        return SearchURL(
            backend="elasticsearch",
            hosts=[f"{http_scheme}://{parts.hostname}:{port}"],
            prefix=prefix,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=timeout,
            verify_certs=verify,
            ca_certs=ca_certs,
        )
    raise _bad(url, "chỉ hỗ trợ embedded://, http://, https:// hoặc elasticsearch://")


def open_index(url: str) -> SearchIndex:
    """Open (without creating) the search index a URL names; call ``ensure()`` to create it."""
    parsed = parse_search_url(url)
    if parsed.backend == "embedded":
        from .embedded import EmbeddedIndex

        return EmbeddedIndex(parsed.path)
    from .elastic import ElasticsearchIndex

    return ElasticsearchIndex.from_url(parsed)
