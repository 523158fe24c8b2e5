"""All service settings, read from ``CES_*`` environment variables (or a ``.env`` file) in one place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

DEFAULT_DATABASE_FILE = "ces_nlp.db"


class Settings(BaseSettings):
    """Service configuration; each field is the upper-case variable ``CES_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="CES_", env_file=".env", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{DEFAULT_DATABASE_FILE}",
                              description="SQLAlchemy URL; default: an SQLite file in the working directory")
    model_dir: Path | None = Field(default=None, description="Model directory; default: the shipped model")
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated API keys (besides those stored with 'ces-nlp keys add')")
    classify_requires_key: bool = Field(default=False, description="Also require an API key for /v1/classify")
    ces_min: float = 1
    ces_max: float = 7
    ces_direction: Literal["higher_more_effort", "higher_easier"] = "higher_more_effort"
    max_body_bytes: int = Field(default=16 * 1024 * 1024, description="Larger request bodies get 413")
    key_cache_seconds: float = Field(default=5.0, description="How long stored key hashes are cached")
    migrate_on_start: bool = Field(default=True, description="Run the database migrations at start-up")
    batch_window_ms: float = Field(default=0.0, description="Extra wait to gather concurrent /v1/classify "
                                   "requests into one model call (0: batch only what is already waiting)")
    report_seed: int = 0

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, v):
        if isinstance(v, str):
            return [k.strip() for k in v.split(",") if k.strip()]
        return v


@lru_cache
def get_settings() -> Settings:
    return Settings()
