"""Configuration: embedded defaults, NEGOSIM_* overrides, a kept secret key."""

from negosim import create_app


def test_defaults_use_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NEGOSIM_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("NEGOSIM_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'negosim.sqlite3'}"


def test_environment_overrides_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("NEGOSIM_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("NEGOSIM_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    monkeypatch.setenv("NEGOSIM_MAX_TURN_CHARS", "500")
    app = create_app()
    assert app.config["DATABASE_URL"].endswith("other.db")
    assert app.config["MAX_TURN_CHARS"] == 500


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("NEGOSIM_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("NEGOSIM_SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("NEGOSIM_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("NEGOSIM_SECRET_KEY", "from-env")
    assert create_app().config["SECRET_KEY"] == "from-env"
