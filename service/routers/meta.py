"""GET /v1/model, /healthz and /readyz."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ces_nlp.errors import StorageUnavailableError
from ces_nlp.store import ping

from ..deps import ModelDep
from ..schemas import Health, ModelInfo, Readiness

router = APIRouter()


@router.get("/v1/model", response_model=ModelInfo, tags=["model"])
def model_info(model: ModelDep):
    """The loaded model: name, version, drivers, taxonomy, thresholds, metrics and recorded evaluations."""
    meta = model.metadata
    return {"name": model.name, "version": model.version, "drivers": model.drivers,
            "taxonomy": meta.get("taxonomy", {}), "thresholds": model.thresholds, "created": meta.get("created"),
            "estimator": meta.get("estimator_description") or meta.get("estimator"),
            "metrics": meta.get("metrics", {}), "evaluations": meta.get("evaluations", [])}


@router.get("/healthz", response_model=Health, tags=["health"])
def healthz():
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Readiness, tags=["health"], responses={503: {"model": Readiness}})
def readyz(request: Request):
    """Ready to serve: the model is loaded and the database answers (503 otherwise)."""
    model = getattr(request.app.state, "model", None)
    engine = getattr(request.app.state, "engine", None)
    db = "ok"
    try:
        if engine is None:
            raise StorageUnavailableError("no database engine")
        ping(engine)
    except StorageUnavailableError:
        db = "unavailable"
    ready = model is not None and db == "ok"
    body = {"status": "ready" if ready else "not ready",
            "model": f"{model.name} {model.version}" if model is not None else None, "database": db}
    return JSONResponse(body, status_code=200 if ready else 503)
