"""Settings precedence: defaults < [tool.checker] in pyproject.toml < checker.toml < CHECKER_* < arguments,
and every wrong value a ConfigError naming the setting."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from checker.config import Settings, load_settings
from checker.errors import ConfigError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty working folder and no CHECKER_* setting from the shell."""
    for key in list(os.environ):
        if key.startswith("CHECKER_"):
            monkeypatch.delenv(key)
    return tmp_path


def write(folder, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_config_defaults_without_any_source(folder):
    assert load_settings(folder) == Settings()
    assert load_settings(folder).encoder == "e5-small" and load_settings(folder).neighbours == 5


def test_config_pyproject_table_over_defaults(folder):
    write(folder, "pyproject.toml", "[project]\nname = 'x'\n[tool.checker]\nneighbours = 5\nencoder = 'fake'\n")
    settings = load_settings(folder)
    assert (settings.neighbours, settings.encoder, settings.batch_size) == (5, "fake", 32)


def test_config_pyproject_without_the_table_changes_nothing(folder):
    write(folder, "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_settings(folder) == Settings()


def test_config_checker_toml_over_pyproject(folder):
    write(folder, "pyproject.toml", "[tool.checker]\nneighbours = 5\nbatch_size = 16\n")
    write(folder, "checker.toml", "neighbours = 3\n")
    settings = load_settings(folder)
    assert (settings.neighbours, settings.batch_size) == (3, 16)  # each key from the highest source that sets it


def test_config_environment_over_files(folder, monkeypatch):
    write(folder, "checker.toml", "neighbours = 3\nmin_confidence = 0.2\n")
    monkeypatch.setenv("CHECKER_NEIGHBOURS", "12")
    monkeypatch.setenv("CHECKER_FOLLOW_LINKS", "true")
    monkeypatch.setenv("CHECKER_REGENERATE_GOLDEN", "1")  # not a setting: ignored, not an error
    settings = load_settings(folder)
    assert (settings.neighbours, settings.min_confidence, settings.follow_links) == (12, 0.2, True)


def test_config_thresholds_cautious_unless_asked(folder, monkeypatch):
    assert load_settings(folder).thresholds == "cautious"
    monkeypatch.setenv("CHECKER_THRESHOLDS", "wide")
    assert load_settings(folder).thresholds == "wide"
    assert load_settings(folder, thresholds="cautious").thresholds == "cautious"


def test_config_arguments_over_everything_none_meaning_unset(folder, monkeypatch):
    write(folder, "checker.toml", "neighbours = 3\n")
    monkeypatch.setenv("CHECKER_NEIGHBOURS", "12")
    monkeypatch.setenv("CHECKER_ENCODER", "use-m3")
    settings = load_settings(folder, neighbours=20, encoder=None)  # a CLI option not given is None
    assert (settings.neighbours, settings.encoder) == (20, "use-m3")


@pytest.mark.parametrize(
    "source, text, message",
    [
        ("checker.toml", "neighbors = 3\n", "invalid setting neighbors"),  # unknown key: a typo is not ignored
        ("checker.toml", "neighbours = 0\n", "invalid setting neighbours"),
        ("checker.toml", "encoder = 'bert'\n", "invalid setting encoder"),
        ("checker.toml", "thresholds = 'loose'\n", "invalid setting thresholds"),
        ("checker.toml", "neighbours = \n", "cannot read config"),
        ("pyproject.toml", "[tool]\nchecker = 3\n", "[tool.checker] must be a table"),
    ],
)
def test_config_wrong_value_is_a_config_error(folder, source, text, message):
    write(folder, source, text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(folder)


def test_config_wrong_environment_value_is_a_config_error(folder, monkeypatch):
    monkeypatch.setenv("CHECKER_BATCH_SIZE", "many")
    with pytest.raises(ConfigError, match="invalid setting batch_size"):
        load_settings(folder)


def test_config_settings_are_frozen_and_strict():
    with pytest.raises(ValidationError, match="frozen"):
        Settings().neighbours = 3  # type: ignore[misc]
    with pytest.raises(ValidationError, match="colour"):
        Settings(colour="red")  # type: ignore[call-arg]
