"""The project's knowledge kept as data: JSON files beside the code that reads them (``data/`` folders),
each list saying why it exists, validated by pydantic when its module is imported.

:class:`StrictData` is the base of their models (no unknown key, frozen), :class:`WordList`, :class:`WordsByLanguage`
and :class:`WordMap` the shapes most of their lists take; :func:`load_data` reads one file
into its model, a missing or malformed file being a :class:`~checker.errors.ModelError` that names it, never a
traceback in a stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.errors import ModelError

__all__ = ["StrictData", "WordList", "WordMap", "WordsByLanguage", "load_data"]


class StrictData(BaseModel):
    """A data file's model: an unknown key is an error (a typo is not ignored), and what is read is frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class WordList(StrictData):
    """A list of words (lemmas, phrases) and why it exists."""

    why: str = Field(min_length=1, description="why the list exists")
    words: tuple[str, ...] = Field(min_length=1)


class WordsByLanguage(StrictData):
    """A list of words in French and in English, and why it exists."""

    why: str = Field(min_length=1, description="why the list exists")
    fr: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = Field(min_length=1)


class WordMap(StrictData):
    """Words each mapped to a value (a canonical form, a name, an id), and why the map exists."""

    why: str = Field(min_length=1, description="why the map exists")
    entries: dict[str, str] = Field(min_length=1)


Data = TypeVar("Data", bound=BaseModel)


def load_data(path: Path, model: type[Data], what: str) -> Data:
    """``path`` read into ``model``; ``what`` names the file's content in the error: « the numbers' word tables »."""
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise ModelError(f"{what} ({path}) cannot be read: {exc}") from exc
