"""Settings, from (lowest to highest priority) defaults, ``[tool.checker]`` in ./pyproject.toml,
./checker.toml, ``CHECKER_*`` environment variables, then explicit overrides (CLI options).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.errors import ConfigError


class Settings(BaseModel):
    """Everything a run can be tuned with; unknown keys are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    encoder: Literal["e5-small", "use-m3", "fake"] = Field(
        "e5-small", description="sentence encoder: e5-small (default, measured best) or use-m3"
    )
    neighbours: int = Field(8, ge=1, le=100, description="nearest claims from other articles compared per claim")
    min_confidence: float = Field(0.0, ge=0.0, le=1.0)
    index_dir: str = "indexes"
    reports_dir: str = "reports"
    approximate_threshold: int = Field(50_000, ge=1, description="vectors past which FAISS switches to HNSW")
    batch_size: int = Field(32, ge=1, le=1024)
    cache_dir: str | None = Field(None, description="where the rebuilt encoder is cached (default ~/.cache/checker)")


_ENV_PREFIX = "CHECKER_"
_ENV_KEYS = {name.upper(): name for name in Settings.model_fields}


def _read_toml(path: Path, table: tuple[str, ...]) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    for key in table:
        data = data.get(key, {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [{'.'.join(table)}] must be a table")
    return data


def load_settings(cwd: Path | None = None, **overrides: Any) -> Settings:
    """Merge the config sources into one validated Settings.

    Raises ConfigError when a file cannot be parsed or a value is invalid or unknown.
    """
    cwd = cwd or Path.cwd()
    values: dict[str, Any] = {}
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        values.update(_read_toml(pyproject, ("tool", "checker")))
    own = cwd / "checker.toml"
    if own.is_file():
        values.update(_read_toml(own, ()))
    for key, value in os.environ.items():
        if key.startswith(_ENV_PREFIX) and key[len(_ENV_PREFIX):] in _ENV_KEYS:
            values[_ENV_KEYS[key[len(_ENV_PREFIX):]]] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from exc
