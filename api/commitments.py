"""GET /api/v1/commitments: the engagementen with the filters of `beleid engagementen`, as JSON or CSV."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.answers import absolute_source_url
from api.context import ApiContext, get_context
from api.errors import ApiError
from api.schemas import CommitmentOut, CommitmentsOut, ErrorOut
from beleid.errors import BeleidError
from index.commitment_export import to_csv
from index.commitments import commitment_options, list_commitments, resolve_actor, resolve_theme_key

router = APIRouter(prefix="/api/v1", tags=["engagementen"])
PARAMETERS = {"sector", "theme", "actor", "period", "text", "format"}
CSV_DOC = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "With format=csv."},
           422: {"model": ErrorOut}}


def _known(values: list[str], present: list[str], label: str, field: str) -> list[str]:
    """``values`` when each occurs in the store (case-insensitively), else 422 listing what does."""
    lowered = {p.casefold() for p in present}
    for value in values:
        if value.casefold() not in lowered:
            known = ", ".join(present) or "er zijn nog geen engagementen opgeslagen"
            raise ApiError(422, "unknown_filter_value", f"Onbekende {label} '{value}'. Kies uit: {known}.", field)
    return values


def _resolved(resolve, values: list[str], field: str) -> list[str]:
    try:
        return [resolve(value) for value in values]
    except BeleidError as err:
        raise ApiError(422, "unknown_filter_value", err.user_message, field) from err


@router.get("/commitments", response_model=CommitmentsOut, responses=CSV_DOC)
def commitments(
    request: Request,
    sector: list[str] = Query([], description="Only this sector (repeatable), e.g. Lokale besturen."),
    theme: list[str] = Query([], description="Only this theme: key or label, e.g. werkplekleren (repeatable)."),
    actor: list[str] = Query([], description="Vlaamse Regering, sector or sectorconsulenten (repeatable)."),
    period: list[str] = Query([], description="Only this period, e.g. 2021-2022 (repeatable)."),
    text: str | None = Query(None, description="Only commitments containing this text."),
    format: Literal["json", "csv"] = Query("json", description="json (default) or csv."),
    ctx: ApiContext = Depends(get_context),
):
    """Every commitment of the convenants and addenda that matches all filters, with actor, theme, article,
    page and source (the CLI's `beleid engagementen --sector --thema --actor --periode --zoek`)."""
    unknown = sorted(set(request.query_params) - PARAMETERS)
    if unknown:
        raise ApiError(422, "unknown_parameter", f"Onbekende parameter '{unknown[0]}'. Mogelijk: "
                       f"{', '.join(sorted(PARAMETERS))}.", unknown[0])
    state = ctx.assistant.catalog.state
    options = commitment_options(state)
    rows = list_commitments(
        state, sector=_known(sector, options.sectors, "sector", "sector"),
        theme=_resolved(resolve_theme_key, theme, "theme"), actor=_resolved(resolve_actor, actor, "actor"),
        period=_known(period, options.periods, "periode", "period"), text=text)
    if format == "csv":
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="engagementen.csv"'})
    base_url = str(request.base_url)
    return CommitmentsOut(commitments=[CommitmentOut(**row.as_dict(),
                                                     source_url=absolute_source_url(base_url, row.file_name, row.page))
                                       for row in rows])
