"""GET /dashboard: the managers' page (its script and styles are served from /static)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard():
    return HTMLResponse((STATIC_DIR / "dashboard.html").read_text(encoding="utf-8"),
                        headers={"Cache-Control": "no-store"})
