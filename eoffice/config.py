"""Every setting of eoffice, read from EOFFICE_* environment variables in one place.

With nothing set, eoffice runs on the embedded default: a data folder holding a SQLite
database, blobs on local disk and the embedded search index. Production points the three
URLs at PostgreSQL, MinIO and Elasticsearch instead; the code is the same.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "production", "test")


def _env_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Typed settings. Field name `foo_bar` is read from `EOFFICE_FOO_BAR`."""

    env: str = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    storage_url: str = ""
    search_url: str = ""
    secret_key: str = ""
    demo: bool = False
    default_locale: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    secure_cookies: bool = False
    behind_proxy: bool = False
    max_upload_mb: int = 100
    # Root (and intermediate) CA certificates that signatures on incoming PDFs must chain to,
    # e.g. the national root CA and the government CA; PEM/DER files in this folder.
    trust_roots_dir: str = ""
    # Sign-in throttling, per (account, address) pair: after `login_max_failures` wrong
    # passwords the pair waits `login_delay_seconds`, doubling with each further failure up to
    # `login_lockout_minutes`. Another address (a colleague, the real user) is not slowed.
    login_max_failures: int = 5
    login_delay_seconds: int = 30
    login_lockout_minutes: int = 15
    # An address with wrong passwords for this many different usernames within
    # `login_lockout_minutes` is guessing across accounts: it then waits too, except for accounts that have signed in
    # from that address before, so an office behind one NAT address keeps working.
    ip_max_failures: int = 30
    session_hours: int = 10
    # NIST SP 800-63B: at least 8; longer is better (see eoffice.auth.passwords).
    password_min_length: int = 8
    run_worker_in_server: bool = True
    # Housekeeping by the worker: uploads staged for a registration form that was never saved
    # are dropped after this many hours (their blobs then fall to `eoffice storage gc`), and
    # handled outbox events are deleted after this many days (the audit log keeps the history).
    staged_upload_hours: int = 24
    outbox_retention_days: int = 7
    # A worker's claim on the outbox events it is handling lasts this long; the events of a
    # worker that died go to another worker once it runs out (longer than any handler takes).
    outbox_lease_seconds: int = 300
    # How many events a worker claims at a time: smaller batches spread the work over more workers.
    outbox_batch_size: int = 200
    # Login attempts (the security log) are kept this many days (never fewer than the
    # throttle reads); sessions ended over 30 days ago are deleted.
    login_log_retention_days: int = 180
    # The worker deletes blobs nothing references (see eoffice.files.housekeeping).
    storage_gc_in_worker: bool = True
    # Document exchange with other agencies (edXML): the platform's endpoint and this office's
    # credentials there; with no URL, packages are written to `exchange_folder` (default
    # <data_dir>/exchange/outbox) for a connector to pick up.
    exchange_url: str = ""
    exchange_system_id: str = ""
    exchange_secret: str = field(default="", repr=False)
    exchange_folder: str = ""
    # SMS to citizens (one-stop dossiers): a gateway taking POST {"to", "text"} as JSON.
    # Unset: the SMS is only written to the log. (E-mail: smtp_url below.)
    sms_gateway_url: str = field(default="", repr=False)
    # Signing (eoffice.signing.office): the RFC 3161 time-stamping service (B-T and above),
    # the agency seal's key — a PKCS#11 token or HSM (module, token label, key label, PIN) or a
    # PKCS#12 file and its password — and the red seal image drawn with it. Leaders bring their
    # own key when they sign; the PKCS#11 module is the one their tokens need on this server.
    signing_tsa_url: str = ""
    # PAdES B-LTA: after a B-LT signature, a document timestamp that lets an archive renew the
    # proof before the algorithms age (needs the TSA and reachable revocation data).
    signing_pades_lta: bool = False
    pkcs11_module: str = ""
    seal_token_label: str = ""
    seal_key_label: str = ""
    seal_pin: str = field(default="", repr=False)
    seal_p12_path: str = ""
    seal_p12_password: str = field(default="", repr=False)
    seal_image_path: str = ""
    # Tasks (eoffice.tasks): how many extensions a task may get, and how many working days
    # before its deadline the automatic reminders go out (comma-separated, e.g. "3,1").
    task_max_extensions: int = 2
    task_reminder_days: str = "3,1"
    # E-mail for notices and reminders: smtp://[user:password@]host:port (smtps:// for TLS);
    # empty sends in-app notices only.
    smtp_url: str = field(default="", repr=False)
    mail_from: str = "eoffice@localhost"
    # Archive: a folder the worker watches like `eoffice import --watch` (scanners drop files
    # there; taken in once complete, moved to done/ or failed/ with the reason). Empty: none.
    import_watch_dir: str = ""
    host: str = "127.0.0.1"
    port: int = 5000
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        """Read EOFFICE_* variables, then apply keyword overrides (used by tests)."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "extra":
                continue
            raw = environ.get(f"EOFFICE_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        values.update(overrides)
        settings = cls(**values)
        return settings.with_defaults()

    def with_defaults(self) -> "Settings":
        """Fill the URLs that were not given from the data folder (the embedded default)."""
        if self.env not in ENVIRONMENTS:
            raise ValueError(
                f"EOFFICE_ENV phải là một trong {', '.join(ENVIRONMENTS)}, không phải {self.env!r}."
            )
        if self.password_min_length < 8:
            raise ValueError(
                f"EOFFICE_PASSWORD_MIN_LENGTH phải từ 8 trở lên (NIST SP 800-63B), không phải {self.password_min_length}."
            )
        data_dir = Path(self.data_dir).expanduser().resolve()
        return replace(
            self,
            data_dir=data_dir,
            database_url=self.database_url or f"sqlite:///{data_dir / 'eoffice.db'}",
            storage_url=self.storage_url or f"file://{data_dir / 'blobs'}",
            search_url=self.search_url or f"embedded://{data_dir / 'search'}",
        )

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def trust_roots_path(self) -> Path:
        return Path(self.trust_roots_dir).expanduser() if self.trust_roots_dir else self.data_dir / "trust-roots"

    def prepare_data_dir(self) -> None:
        """Create the data folder; the embedded default keeps everything inside it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)

    def resolved_secret_key(self) -> str:
        """The configured secret key, or one generated once and kept in the data folder.

        Production must set EOFFICE_SECRET_KEY explicitly so several processes share it.
        """
        if self.secret_key:
            return self.secret_key
        if self.is_production:
            raise RuntimeError(
                "Chế độ production cần EOFFICE_SECRET_KEY (một chuỗi ngẫu nhiên dài, ví dụ "
                "tạo bằng: python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        key_file = self.data_dir / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        return key_file.read_text().strip()

    def flask_config(self) -> dict[str, Any]:
        """The Flask/extension settings derived from ours."""
        from datetime import timedelta

        engine_options: dict[str, Any] = {}
        if self.database_url.startswith("sqlite"):
            engine_options["connect_args"] = {"timeout": 30}
        else:
            engine_options["pool_pre_ping"] = True
        return {
            "SECRET_KEY": self.resolved_secret_key(),
            "SIGNING_TSA_URL": self.signing_tsa_url or None,
            "SIGNING_PADES_LTA": self.signing_pades_lta,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "MAX_CONTENT_LENGTH": self.max_upload_bytes + 1024 * 1024,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.secure_cookies or self.is_production,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SAMESITE": "Lax",
            "REMEMBER_COOKIE_SECURE": self.secure_cookies or self.is_production,
            "PERMANENT_SESSION_LIFETIME": timedelta(hours=self.session_hours),
            "BABEL_DEFAULT_LOCALE": self.default_locale,
            "BABEL_DEFAULT_TIMEZONE": self.timezone,
            "WTF_CSRF_TIME_LIMIT": None,
            "TESTING": self.env == "test",
        }


def _convert(name: str, type_: Any, raw: str) -> Any:
    type_name = type_ if isinstance(type_, str) else getattr(type_, "__name__", str(type_))
    try:
        if type_name == "bool":
            return _env_bool(raw)
        if type_name == "int":
            return int(raw)
        if type_name == "Path":
            return Path(raw)
    except ValueError as exc:
        raise ValueError(f"EOFFICE_{name.upper()}={raw!r} không hợp lệ: {exc}") from exc
    return raw
