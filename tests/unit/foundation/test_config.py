from pathlib import Path

import pytest

from eoffice.config import Settings


def test_no_configuration_means_the_embedded_default_in_the_data_folder(tmp_path):
    settings = Settings.from_env(environ={"EOFFICE_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'eoffice.db'}"
    assert settings.storage_url == f"file://{tmp_path / 'blobs'}"
    assert settings.search_url == f"embedded://{tmp_path / 'search'}"


def test_environment_variables_choose_the_real_servers(tmp_path):
    settings = Settings.from_env(environ={
        "EOFFICE_DATA_DIR": str(tmp_path),
        "EOFFICE_DATABASE_URL": "postgresql+psycopg://u@db/eoffice",
        "EOFFICE_STORAGE_URL": "minio://k:s@minio:9000/eoffice",
        "EOFFICE_SEARCH_URL": "http://es:9200",
        "EOFFICE_MAX_UPLOAD_MB": "250",
        "EOFFICE_DEMO": "yes",
    })
    assert settings.database_url.startswith("postgresql")
    assert settings.storage_url.startswith("minio://")
    assert settings.max_upload_bytes == 250 * 1024 * 1024
    assert settings.demo is True


def test_a_bad_number_is_reported_with_the_variable_name(tmp_path):
    with pytest.raises(ValueError, match="EOFFICE_MAX_UPLOAD_MB"):
        Settings.from_env(environ={"EOFFICE_MAX_UPLOAD_MB": "lots"})


def test_production_refuses_to_run_without_an_explicit_secret_key(tmp_path):
    settings = Settings.from_env(environ={"EOFFICE_ENV": "production", "EOFFICE_DATA_DIR": str(tmp_path)})
    with pytest.raises(RuntimeError, match="EOFFICE_SECRET_KEY"):
        settings.flask_config()


def test_development_generates_and_keeps_one_secret_key(tmp_path):
    settings = Settings.from_env(environ={"EOFFICE_DATA_DIR": str(tmp_path)})
    settings.prepare_data_dir()
    first = settings.resolved_secret_key()
    assert first == settings.resolved_secret_key()
    assert (Path(tmp_path) / "secret_key").stat().st_mode & 0o077 == 0


def test_production_cookies_are_secure(tmp_path):
    settings = Settings.from_env(environ={"EOFFICE_ENV": "production", "EOFFICE_SECRET_KEY": "x" * 32, "EOFFICE_DATA_DIR": str(tmp_path)})
    config = settings.flask_config()
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_a_password_minimum_below_eight_is_refused_and_a_higher_one_is_read(tmp_path):
    with pytest.raises(ValueError, match="EOFFICE_PASSWORD_MIN_LENGTH"):
        Settings.from_env(environ={"EOFFICE_DATA_DIR": str(tmp_path), "EOFFICE_PASSWORD_MIN_LENGTH": "6"})
    settings = Settings.from_env(environ={"EOFFICE_DATA_DIR": str(tmp_path), "EOFFICE_PASSWORD_MIN_LENGTH": "15"})
    assert settings.password_min_length == 15
