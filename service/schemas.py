"""Request and response bodies of the API (the OpenAPI schema is generated from these)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_TEXTS = 1000
MAX_RESPONSES = 1000
MAX_TEXT_CHARS = 5000

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ModelRef(BaseModel):
    name: str
    version: str


class ClassifyRequest(Strict):
    texts: list[Text] = Field(min_length=1, max_length=MAX_TEXTS,
                              description=f"1 to {MAX_TEXTS} texts, each at most {MAX_TEXT_CHARS} characters",
                              examples=[["I was transferred three times and had to explain everything again"]])


class Classification(BaseModel):
    drivers: list[str] = Field(description="Driver ids found (the model's taxonomy), in taxonomy order")
    scores: dict[str, float] = Field(description="Score in [0, 1] per driver (a driver is given when its score "
                                                 "reaches the model threshold); empty for a blank text")
    language: str = Field(description="en, de, nl, et or other; '' for a blank text")


class ClassifyResponse(BaseModel):
    model: ModelRef
    results: list[Classification] = Field(description="One per text, in the order sent")


class ResponseIn(Strict):
    id: Annotated[str, StringConstraints(min_length=1, max_length=128)] = Field(
        description="Your response id; sending it again with the same content is a no-op")
    ces: float = Field(description="CES on the configured scale (CES_CES_MIN..CES_CES_MAX)")
    text: Text = Field(description="Free-text answer; empty or blank = no comment")
    submitted_at: dt.datetime | dt.date = Field(description="ISO date or date-time; without time zone = UTC")
    channel: Label | None = None
    team: Label | None = None
    lang: Literal["en", "de", "nl", "et", "other"] | None = Field(
        default=None, description="Language if known; detected otherwise")


class ResponsesRequest(Strict):
    responses: list[ResponseIn] = Field(min_length=1, max_length=MAX_RESPONSES,
                                        description=f"1 to {MAX_RESPONSES} responses; stored all or none")


class StoredItem(BaseModel):
    id: str
    status: Literal["stored", "duplicate"] = Field(
        description="stored now, or duplicate: already stored with the same content (not counted twice)")
    drivers: list[str]
    language: str


class ResponsesResult(BaseModel):
    model: ModelRef
    received: int
    stored: int
    duplicates: int
    items: list[StoredItem]


class ItemProblem(BaseModel):
    index: int = Field(description="0-based position in `responses`")
    id: str | None = None
    field: str
    reason: str


class ValidationProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class InvalidRequest(BaseModel):
    detail: list[ValidationProblem]
    items: list[ItemProblem] | None = None


class Conflict(BaseModel):
    detail: str
    ids: list[str] = Field(description="ids already stored with different content")


class Problem(BaseModel):
    detail: str


class ModelInfo(BaseModel):
    name: str
    version: str
    drivers: list[str]
    taxonomy: dict[str, Any]
    thresholds: dict[str, float]
    created: str | None = None
    estimator: str | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)
    evaluations: list[dict[str, Any]] = Field(default_factory=list)


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    model: str | None
    database: str


class Facets(BaseModel):
    channels: list[str]
    teams: list[str]
    first: str | None = Field(description="Earliest stored submission date")
    last: str | None = Field(description="Latest stored submission date")
