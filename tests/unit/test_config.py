"""Settings: defaults, the user's preferences file, environment variables over both."""

import pytest

from workbench import config
from workbench.errors import WorkbenchError


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in ("WORKBENCH_DB", "WORKBENCH_REVIEWER", "WORKBENCH_SCORE_THRESHOLD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_defaults_without_a_preferences_file(tmp_path):
    settings = config.Settings.from_environment()
    assert settings.db_url == f"sqlite:///{tmp_path / 'data' / config.APP_NAME / 'workbench.db'}"
    assert settings.score_threshold == config.DEFAULT_SCORE_THRESHOLD
    assert settings.reviewer


def test_saved_preferences_are_used_and_survive_a_round_trip(tmp_path):
    preferences = config.Preferences(
        reviewer="Ana",
        organisation="Ledger Checks",
        organisation_url="https://example.org",
        score_threshold=0.5,
        database=str(tmp_path / "desk.db"),
    )
    preferences.save()
    assert config.Preferences.load() == preferences
    settings = config.Settings.from_environment()
    assert (settings.reviewer, settings.organisation, settings.score_threshold) == (
        "Ana",
        "Ledger Checks",
        0.5,
    )
    assert settings.db_url == f"sqlite:///{tmp_path / 'desk.db'}"


def test_environment_wins_over_preferences(monkeypatch, tmp_path):
    config.Preferences(reviewer="Ana", score_threshold=0.5).save()
    monkeypatch.setenv("WORKBENCH_REVIEWER", "Ben")
    monkeypatch.setenv("WORKBENCH_SCORE_THRESHOLD", "0.2")
    monkeypatch.setenv("WORKBENCH_DB", "postgresql+psycopg://desk@localhost/desk")
    settings = config.Settings.from_environment()
    assert (settings.reviewer, settings.score_threshold) == ("Ben", 0.2)
    assert settings.db_url == "postgresql+psycopg://desk@localhost/desk"


@pytest.mark.parametrize("value", ["high", "1.5", "-0.1"])
def test_bad_threshold_in_the_environment_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("WORKBENCH_SCORE_THRESHOLD", value)
    with pytest.raises(WorkbenchError, match="WORKBENCH_SCORE_THRESHOLD must be a number"):
        config.Settings.from_environment()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot be read"),
        ('{"score_threshold": 7}', "must be a number from 0 to 1"),
        ('["a list"]', "not valid"),
    ],
)
def test_broken_preferences_file_names_the_file(content, message):
    path = config.preferences_file()
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with pytest.raises(WorkbenchError, match=message) as error:
        config.Preferences.load()
    assert str(path) in str(error.value)


def test_database_values_may_be_paths_or_urls(tmp_path):
    assert config.database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert config.database_url("sqlite:///:memory:") == "sqlite:///:memory:"
