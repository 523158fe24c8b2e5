"""Library errors and request validation failures as HTTP responses.

Validation errors never echo what was sent (FastAPI's default puts each bad ``input`` in the body,
which for a stored comment would leak it back): only location, message and type are returned.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ces_nlp.errors import ConflictError, InvalidItemsError, ReportError, StorageUnavailableError

log = logging.getLogger("service")


def _problems(exc: RequestValidationError) -> list[dict]:
    out = []
    for err in exc.errors():
        msg = err.get("msg", "invalid value")
        if err.get("type") == "json_invalid":
            reason = (err.get("ctx") or {}).get("error")
            msg = f"malformed JSON: {reason}" if reason else "malformed JSON"
        out.append({"loc": [p if isinstance(p, int) else str(p) for p in err.get("loc", ())], "msg": msg,
                    "type": err.get("type", "value_error")})
    return out


def _bad_items(problems: list[dict], body) -> list[dict] | None:
    """For a responses batch: which items (index and id) are invalid."""
    items = {}
    for p in problems:
        loc = p["loc"]
        if len(loc) >= 3 and loc[0] == "body" and loc[1] == "responses" and isinstance(loc[2], int):
            i = loc[2]
            rid = None
            try:
                cand = body["responses"][i].get("id")
                rid = cand if isinstance(cand, str) and len(cand) <= 128 else None
            except (TypeError, KeyError, IndexError, AttributeError):
                pass
            field = ".".join(str(x) for x in loc[3:]) or "item"
            items.setdefault((i, field), {"index": i, "id": rid, "field": field, "reason": p["msg"]})
    return [items[k] for k in sorted(items)] or None


async def validation_failed(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = _problems(exc)
    content = {"detail": problems}
    items = _bad_items(problems, getattr(exc, "body", None))
    if items:
        content["items"] = items
    return JSONResponse(content, status_code=422)


async def http_error(request: Request, exc: HTTPException):
    """A body FastAPI cannot even decode (not UTF-8) is malformed JSON too: 422, like any other."""
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        return JSONResponse({"detail": [{"loc": ["body"], "msg": "malformed JSON: the body is not UTF-8 encoded JSON",
                                         "type": "json_invalid"}]}, status_code=422)
    return await http_exception_handler(request, exc)


async def invalid_items(request: Request, exc: InvalidItemsError) -> JSONResponse:
    detail = [{"loc": ["body", "responses", i["index"], i["field"]], "msg": i["reason"], "type": "value_error"}
              for i in exc.items]
    return JSONResponse({"detail": detail, "items": exc.items}, status_code=422)


async def conflict(request: Request, exc: ConflictError) -> JSONResponse:
    return JSONResponse({"detail": str(exc), "ids": exc.ids}, status_code=409)


async def unavailable(request: Request, exc: StorageUnavailableError) -> JSONResponse:
    log.warning("storage unavailable: %s", exc)
    return JSONResponse({"detail": "the database is unavailable; nothing was written, retry later"},
                        status_code=503, headers={"Retry-After": "5"})


async def no_report(request: Request, exc: ReportError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=404)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_failed)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(InvalidItemsError, invalid_items)
    app.add_exception_handler(ConflictError, conflict)
    app.add_exception_handler(StorageUnavailableError, unavailable)
    app.add_exception_handler(ReportError, no_report)
