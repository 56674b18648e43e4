"""The exceptions checker raises, in one place.

::

    CheckerError                 anything checker refuses to do, with a message a person can act on
    ├── InputError               a corpus, file, manifest or pairs table that cannot be used
    ├── ConfigError              a setting or config file that is wrong
    ├── ModelError               an encoder or language model that cannot be loaded offline
    ├── IndexStoreError          an index that is missing, corrupt, locked or built with another model
    └── OutputError              a report or baseline file that cannot be written

The library raises these and never prints or exits; the CLI turns each into one line on stderr and
exit code 3 (see STYLE.md: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 CheckerError).
"""

from __future__ import annotations


class CheckerError(Exception):
    """Base class: something checker cannot do, explained in one line."""

    exit_code = 3


class InputError(CheckerError):
    """A corpus, article, manifest or pairs file that cannot be read or makes no sense."""


class ConfigError(CheckerError):
    """A configuration value or file that is invalid."""


class ModelError(CheckerError):
    """A model (encoder, spaCy pipeline) that is not installed or cannot be loaded offline."""


class IndexStoreError(CheckerError):
    """An index that is missing, corrupt, locked by another writer, or built with another model."""


class OutputError(CheckerError):
    """A report or baseline that cannot be written where it was asked for."""


__all__ = [
    "CheckerError",
    "InputError",
    "ConfigError",
    "ModelError",
    "IndexStoreError",
    "OutputError",
]
