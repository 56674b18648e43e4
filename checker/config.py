"""Settings, from (lowest to highest priority) defaults, ``[tool.checker]`` in ./pyproject.toml,
./checker.toml, ``CHECKER_*`` environment variables, then explicit overrides (CLI options).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.errors import ConfigError
from checker.models import DEFAULT_ENCODER, EncoderName, ThresholdsName


class Settings(BaseModel):
    """Everything a run can be tuned with; unknown keys are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    encoder: EncoderName = Field(
        DEFAULT_ENCODER, description=f"sentence encoder: {DEFAULT_ENCODER} (default, measured best) or use-m3"
    )
    judge: Literal["trained", "fake"] = Field(
        "trained", description="pair judge: trained (the shipped cross-encoder) or fake (tests: word overlap, no model)"
    )
    neighbours: int = Field(5, ge=1, le=100, description="nearest claims from other articles compared per claim")
    thresholds: ThresholdsName = Field(
        get_args(ThresholdsName)[0],
        description="when the judge's probabilities make a finding: cautious (default) says fewer conflicts, more "
        "often right; wide finds a few more and says more that are wrong (README: Choosing the thresholds)",
    )
    min_confidence: float = Field(0.0, ge=0.0, le=1.0)
    index_dir: str = "indexes"
    reports_dir: str = "reports"
    approximate_threshold: int = Field(50_000, ge=1, description="vectors past which FAISS searches by IVF")
    batch_size: int = Field(32, ge=1, le=1024)
    cache_dir: str | None = Field(None, description="where the rebuilt encoder is cached (default ~/.cache/checker)")
    # Hostile or broken input is named in the report and skipped, never fatal and never unbounded.
    max_article_bytes: int = Field(
        1_000_000,
        ge=1,
        le=1_000_000,  # spaCy refuses a text over 1,000,000 characters
        description="an article larger than this (UTF-8 bytes) is skipped and named",
    )
    max_claims_per_article: int = Field(
        2_000, ge=1, description="an article with more candidate claims (sentences outside boilerplate) is skipped"
    )
    follow_links: bool = Field(
        False, description="read symbolic links found in a corpus (by default only its regular files are read)"
    )
    lock_timeout: float = Field(
        3600.0,
        ge=0,
        description="seconds to wait for another checker writing the same index (a large run takes minutes)",
    )
    remember: bool = Field(
        True,
        description="remember in the user cache (memory.sqlite3) the pair judge's answers, and the claims and vectors "
        "of the articles `check` reads, so that a re-run or a CI job checking the same articles again works out "
        "only what it has not seen (the same findings)",
    )
    worker: bool = Field(
        True,
        description="`check` and `compare` load torch and their models in a second process while they load spaCy "
        "(Linux; seconds less on a cold start, the same findings); false runs everything in one process",
    )
    fail_confidence: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="--fail-on counts only findings at or above this confidence (0.5: more likely right than wrong)",
    )


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
        if key.startswith(_ENV_PREFIX) and key[len(_ENV_PREFIX) :] in _ENV_KEYS:
            values[_ENV_KEYS[key[len(_ENV_PREFIX) :]]] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from exc
