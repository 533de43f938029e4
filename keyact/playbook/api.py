"""API: the sales-mode diagnosis of the caller's scope and the questionnaire."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from keyact.core.api_errors import ErrorOut
from keyact.core.errors import DomainError
from keyact.playbook.diagnosis import (
    QuestionnaireError,
    advice_as_dict,
    advice_for,
    mix_as_dict,
    questionnaire_mix,
)
from keyact.playbook.schemas import DiagnosisOut, DiagnosisQuery, QuestionnaireIn, QuestionnaireOut
from keyact.playbook.selectors import diagnosis_for_user
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}

playbook_router = Router(tags=["playbook"])


@playbook_router.get(
    "/diagnosis", response={200: DiagnosisOut, **ERRORS}, summary="Sales-mode diagnosis"
)
def diagnosis(request: HttpRequest, period: Query[DiagnosisQuery]) -> dict[str, Any]:
    """The mode mix of the won deals in the caller's scope closed in the period (reps: their
    own deals; managers: their team; admins: the organisation, with a suggested threshold)."""
    return diagnosis_for_user(
        user=actor(request), date_from=period.date_from, date_to=period.date_to
    ).as_dict()


@playbook_router.post(
    "/questionnaire",
    response={200: QuestionnaireOut, **ERRORS},
    summary="Sales mode from the questionnaire",
)
def questionnaire(request: HttpRequest, payload: QuestionnaireIn) -> dict[str, Any]:
    """The sales mode from the three dimensions, for an organisation without history."""
    actor(request)
    try:
        mix = questionnaire_mix(payload.model_dump())
    except QuestionnaireError as exc:
        raise DomainError(
            "Answer every question: " + ", ".join(exc.fields), field=exc.fields[0]
        ) from exc
    whole = mix_as_dict(mix)
    return {
        "modes": whole["modes"],
        "unclassified": 0,
        "dominant": whole["dominant"],
        "deals": 0,
        "source": "questionnaire",
        "advice": [advice_as_dict(a) for a in advice_for(mix.dominant)],
    }
