"""What the API routes share: the app's Assistant and settings, an Indexer, the feedback store, recent answers."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import Request

from answer.assistant import Assistant
from answer.types import Answer
from api.errors import ApiError
from beleid.settings import Settings
from index.indexer import Indexer
from ui.store import FeedbackStore, SettingsSnapshot, snapshot

EMPTY_INDEX = ("Er zijn nog geen documenten opgenomen. Voeg documenten toe (POST /api/v1/documents of het "
               "tabblad Documenten) of laat de beheerder 'beleid ingest' uitvoeren.")


class RecentAnswers:
    """The last ``size`` answers by id, so that feedback can name the answer it is about."""

    def __init__(self, size: int):
        self.size = size
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def add(self, answer: Answer, answer_id: str | None = None) -> str:
        """Keep ``answer`` (under ``answer_id``, or a new id when streaming has not named it yet); returns the id."""
        answer_id = answer_id or self.new_id()
        with self._lock:
            self._answers[answer_id] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer_id

    def get(self, answer_id: str) -> Answer | None:
        with self._lock:
            return self._answers.get(answer_id)


@dataclass
class ApiContext:
    settings: Settings
    assistant: Assistant
    indexer: Indexer
    feedback: FeedbackStore
    snapshot: SettingsSnapshot
    answers: RecentAnswers
    # Questions answered at once through the API; the web page's queue has its own limit of the same size.
    answering: threading.BoundedSemaphore

    @classmethod
    def create(cls, settings: Settings, assistant: Assistant) -> ApiContext:
        return cls(settings=settings, assistant=assistant, indexer=Indexer(settings, assistant.catalog),
                   feedback=FeedbackStore(settings.state_db), snapshot=snapshot(settings, assistant),
                   answers=RecentAnswers(settings.api.remembered_answers),
                   answering=threading.BoundedSemaphore(settings.answer_concurrency))

    def require_documents(self) -> None:
        """409 while nothing is indexed: there is nothing to answer from."""
        if self.assistant.catalog.state.chunk_count() == 0:
            raise ApiError(409, "empty_index", EMPTY_INDEX)


def get_context(request: Request) -> ApiContext:
    """FastAPI dependency: the context the API app was created with."""
    return request.app.state.context
