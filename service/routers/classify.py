"""POST /v1/classify: drivers, scores and language per text (no storage)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ..deps import BatcherDep, ModelDep, classify_key
from ..schemas import ClassifyRequest, ClassifyResponse, InvalidRequest, Problem

router = APIRouter(prefix="/v1", tags=["classify"])


@router.post("/classify", response_model=ClassifyResponse, dependencies=[Depends(classify_key)],
             responses={401: {"model": Problem}, 403: {"model": Problem}, 413: {"model": Problem},
                        422: {"model": InvalidRequest}})
async def classify(body: ClassifyRequest, model: ModelDep, batcher: BatcherDep):
    """Label texts with effort drivers: the same drivers as `ces-nlp classify` gives for the same text.

    Open by default; needs an API key when CES_CLASSIFY_REQUIRES_KEY is set.
    """
    langs, proba, ind = await batcher.classify(body.texts)
    drivers = model.drivers
    results = []
    for text, lang, p, row in zip(body.texts, langs, proba, ind):
        if text.strip():
            results.append({"drivers": [d for d, v in zip(drivers, row) if v],
                            "scores": {d: round(float(x), 6) for d, x in zip(drivers, p)}, "language": lang})
        else:
            results.append({"drivers": [], "scores": {}, "language": ""})
    return {"model": {"name": model.name, "version": model.version}, "results": results}
