"""GET /api/v1/health: is the assistant up, with what index, model and backend."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Depends

from api.context import ApiContext, get_context
from api.schemas import HealthOut
from index.commitments import count_commitments

router = APIRouter(prefix="/api/v1", tags=["status"])


def app_version() -> str:
    try:
        return version("beleidsassistent")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "onbekend"


@router.get("/health", response_model=HealthOut)
def health(ctx: ApiContext = Depends(get_context)) -> HealthOut:
    """Index size, model, backend and version."""
    state = ctx.assistant.catalog.state
    indexed = [doc for doc in state.documents() if doc["status"] == "indexed"]
    return HealthOut(status="ok", version=app_version(), backend=ctx.assistant.backend, model=ctx.snapshot.model,
                     embedding_model=ctx.settings.embedding.model, collection=ctx.settings.collection_name,
                     documents=len(indexed), passages=state.chunk_count(), commitments=count_commitments(state))
