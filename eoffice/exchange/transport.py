"""How packages leave the office: the national exchange platform, or a folder.

The platform (VDXP / the province's LGSP) cannot run here, so it sits behind `Transport`:
- `HttpTransport` speaks the platform's REST style — the package posted as XML with the
  office's system id and secret in `X-SystemId` / `X-SecretKey`, the platform answering JSON
  with its own id for the package. The exact paths differ between provinces' gateways, so
  the URL is the whole endpoint and is configured, not built here.
- `FolderTransport` writes each package as a file for a connector that picks them up (and is
  the local stand-in for development and tests).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class TransportError(Exception):
    """The package did not leave; the message says why (it is retried later)."""


class Transport(Protocol):
    def send(self, package: bytes, organ_id: str, document_id: str) -> str:
        """Hand the package over; return the platform's id for it."""


@dataclass(frozen=True)
class FolderTransport:
    folder: Path

    def send(self, package: bytes, organ_id: str, document_id: str) -> str:
        target_dir = self.folder / organ_id
        target_dir.mkdir(parents=True, exist_ok=True)
        # The document's id names the file; the package's hash keeps its recall or a status
        # about it from overwriting a package the connector has not taken yet.
        safe = "".join(ch if ch.isalnum() or ch in ".-_" else "_" for ch in document_id)[:120]
        name = f"{safe}-{hashlib.sha256(package).hexdigest()[:12]}.edxml"
        # Written under a temporary name and renamed, so a connector never reads half a package.
        handle, temporary = tempfile.mkstemp(dir=target_dir, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(package)
        os.replace(temporary, target_dir / name)
        return f"{organ_id}/{name}"


@dataclass(frozen=True)
class HttpTransport:
    url: str
    system_id: str
    secret: str
    timeout_seconds: float = 60.0

    def send(self, package: bytes, organ_id: str, document_id: str) -> str:
        if not (self.system_id + self.secret).isascii():
            raise TransportError("Mã hệ thống hoặc khóa bí mật của trục liên thông có ký tự có dấu; HTTP chỉ nhận ký tự "
                                 "ASCII. Hãy kiểm tra lại EOFFICE_EXCHANGE_SYSTEM_ID / EOFFICE_EXCHANGE_SECRET.")
        request = urllib.request.Request(self.url, data=package, method="POST", headers={
            "Content-Type": "application/xml; charset=utf-8", "X-SystemId": self.system_id,
            "X-SecretKey": self.secret, "X-To-OrganId": organ_id,
        })
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310 - configured URL
                body = response.read(1_000_000)
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace")
            raise TransportError(f"Trục liên thông trả lỗi HTTP {exc.code}: {detail[:300]}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TransportError(f"Không kết nối được trục liên thông ({exc}).") from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise TransportError("Trục liên thông trả về nội dung không phải JSON.") from None
        if str(answer.get("status", "")).upper() != "OK":
            raise TransportError(f"Trục liên thông từ chối gói tin: {str(answer.get('message') or answer)[:300]}")
        return str(answer.get("docId") or answer.get("DocId") or "")


def transport_from_settings() -> Transport:
    """The configured transport: `exchange_url` set → the platform over HTTP; else a folder."""
    from eoffice import current_settings

    settings = current_settings()
    if settings.exchange_url:
        return HttpTransport(settings.exchange_url, settings.exchange_system_id, settings.exchange_secret)
    return FolderTransport(Path(settings.exchange_folder) if settings.exchange_folder else settings.data_dir / "exchange" / "outbox")
