"""POST /v1/responses: classify and store a batch of survey responses (idempotent by id)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ces_nlp.store import Response, store_responses

from ..deps import EngineDep, ModelDep, ScaleDep, require_key
from ..schemas import Conflict, InvalidRequest, Problem, ResponsesRequest, ResponsesResult

router = APIRouter(prefix="/v1", tags=["responses"], dependencies=[Depends(require_key)])


@router.post("/responses", response_model=ResponsesResult,
             responses={401: {"model": Problem, "description": "no API key"},
                        403: {"model": Problem, "description": "API key not accepted"},
                        409: {"model": Conflict, "description": "an id is already stored with different content; "
                                                                "nothing of the batch was stored"},
                        413: {"model": Problem, "description": "request body too large"},
                        422: {"model": InvalidRequest, "description": "invalid items (named in `items`); "
                                                                      "nothing of the batch was stored"},
                        503: {"model": Problem, "description": "database unavailable; nothing was stored"}})
def post_responses(body: ResponsesRequest, model: ModelDep, engine: EngineDep, scale: ScaleDep):
    """Classify and store survey responses, all or none.

    Idempotent by `id`: a response sent again with the same content is acknowledged as `duplicate`
    and never counted twice; the same id with different content is a 409 conflict.
    """
    items = [Response(id=r.id, ces=r.ces, text=r.text, submitted_at=r.submitted_at, channel=r.channel,
                      team=r.team, lang=r.lang) for r in body.responses]
    result = store_responses(engine, items, model, scale)
    return {"model": {"name": model.name, "version": model.version}, "received": len(items),
            "stored": result.stored, "duplicates": result.duplicates, "items": result.items}
