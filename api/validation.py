"""Request validation errors (pydantic's, in English) as one Dutch sentence with a stable code."""

from __future__ import annotations

from collections.abc import Sequence

_SOURCES = {"body", "query", "path", "header"}
NOT_JSON = "De aanvraag is geen geldige JSON: controleer haakjes, komma's en aanhalingstekens."
NO_CONTENT = "De aanvraag heeft geen geldige inhoud: stuur een JSON-object (zie /api/v1/docs)."
_WHAT = {
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een object zijn",
    "model_type": "moet een object zijn",
    "model_attributes_type": "moet een object zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
}


def field_name(loc: Sequence) -> str:
    """'filters.sectors[0]' for loc ('body', 'filters', 'sectors', 0)."""
    name = ""
    for part in loc[1:] if loc and loc[0] in _SOURCES else loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _sentence(error: dict, field: str) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return f"Het veld '{field}' ontbreekt."
    if kind == "extra_forbidden":
        return f"Onbekend veld '{field}'. Zie /api/v1/docs voor de velden die wel kunnen."
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", " of ")
        return f"Het veld '{field}' moet een van deze waarden hebben: {expected}."
    if kind == "greater_than_equal":
        return f"Het veld '{field}' moet minstens {ctx.get('ge')} zijn."
    if kind == "less_than_equal":
        return f"Het veld '{field}' mag hoogstens {ctx.get('le')} zijn."
    if kind == "string_too_long":
        return f"Het veld '{field}' mag hoogstens {ctx.get('max_length')} tekens lang zijn."
    if kind == "too_short":
        return f"Het veld '{field}' moet minstens {ctx.get('min_length')} element(en) bevatten."
    if kind == "too_long":
        return f"Het veld '{field}' mag hoogstens {ctx.get('max_length')} elementen bevatten."
    if kind in _WHAT:
        return f"Het veld '{field}' {_WHAT[kind]}."
    return f"Het veld '{field}' heeft een ongeldige waarde."


def validation_problem(errors: Sequence[dict]) -> tuple[int, str, str, str | None]:
    """(status, code, Dutch message, field) for FastAPI's validation errors; the first error is reported."""
    if not errors:
        return 422, "invalid_request", "De aanvraag is ongeldig.", None
    error = errors[0]
    if error.get("type") == "json_invalid":
        return 400, "invalid_json", NOT_JSON, None
    loc = tuple(error.get("loc") or ())
    field = field_name(loc)
    if not field:
        return 422, "invalid_request", NO_CONTENT, None
    more = f" (en nog {len(errors) - 1} andere fout(en))" if len(errors) > 1 else ""
    return 422, "invalid_request", _sentence(error, field).removesuffix(".") + more + ".", field
