"""Answers from an OpenAI-compatible LLM endpoint (Ollama, vLLM, llama.cpp server) via llama-index."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from answer.phrases import REFUSAL
from answer.prompts import render
from answer.render import make_citation
from answer.types import Citation, Turn
from answer.verify import VerifiedSentence, verify
from beleid.errors import BeleidError
from beleid.settings import AnswerSettings
from index.types import Passage

log = logging.getLogger(__name__)
Result = tuple[str, str, list[Citation], bool, str]  # text, raw text, citations, refused, reason


class LLMUnavailableError(BeleidError):
    """The LLM endpoint did not answer."""


def format_passages(passages: list[Passage]) -> str:
    """Numbered sources for the prompt, each with its document, period and page."""
    blocks = []
    for number, p in enumerate(passages, 1):
        where = ", ".join(x for x in (p.title, p.period, f"p. {p.page_label}", p.article) if x)
        blocks.append(f"[{number}] ({where})\n{p.text.strip()}")
    return "\n\n".join(blocks)


def _assemble(verified: list[VerifiedSentence], passages: list[Passage]) -> tuple[str, str, list[Citation]]:
    """Renumber citations in order of first use; raw text cites chunk ids."""
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    text_parts, raw_parts = [], []
    for sentence in verified:
        marks, keys = [], []
        for index, quote in zip(sentence.passage_indexes, sentence.quotes):
            number = numbers.setdefault(index, len(numbers) + 1)
            if quote not in quotes.setdefault(index, []):
                quotes[index].append(quote)
            marks.append(f"[{number}]")
            keys.append(f"[[{passages[index].chunk_id}]]")
        text_parts.append(f"{sentence.text} {''.join(marks)}")
        raw_parts.append(f"{sentence.text} {''.join(keys)}")
    citations = [make_citation(number, passages[index], quotes[index]) for index, number in numbers.items()]
    return " ".join(text_parts), " ".join(raw_parts), citations


class LLMAnswerer:
    """Streams a cited answer from the endpoint, then keeps only sentences whose citations hold."""

    def __init__(self, settings: AnswerSettings, llm=None):
        if llm is None:
            from llama_index.llms.openai_like import OpenAILike

            llm = OpenAILike(
                model=settings.llm_model, api_base=settings.llm_base_url,
                api_key=settings.llm_api_key.get_secret_value(), is_chat_model=True,
                temperature=settings.llm_temperature, max_tokens=settings.llm_max_tokens,
                timeout=settings.llm_timeout, max_retries=1, context_window=8192,
            )
        self.llm = llm
        self.settings = settings

    def _chat(self, system: str, user: str):
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)]

    def _unavailable(self, err: Exception) -> LLMUnavailableError:
        return LLMUnavailableError(
            f"LLM endpoint {self.settings.llm_base_url} failed: {err!r}",
            f"Het taalmodel op {self.settings.llm_base_url} antwoordt niet. Controleer of de server draait, "
            "of kies het extractieve antwoord (BELEID_ANSWER__BACKEND=extractive).",
        )

    def rewrite(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone version of a follow-up question (the question itself without history)."""
        if not history:
            return question
        conversation = "\n".join(f"Vraag: {t.question}\nAntwoord: {t.answer}" for t in history[-3:])
        try:
            reply = self.llm.chat(self._chat(render("rewrite_system"), render("rewrite_user", history=conversation, question=question)))
        except Exception as err:  # openai raises many transport errors; all mean the same to the user
            raise self._unavailable(err) from err
        rewritten = (reply.message.content or "").strip().strip('"').splitlines()
        return rewritten[0].strip() if rewritten and rewritten[0].strip() else question

    def stream(self, question: str, passages: list[Passage], history: Sequence[Turn] = ()) -> Iterator[str | Result]:
        """Token deltas, then the verified result."""
        if not passages:
            yield ("", "", [], True, "no passages retrieved")
            return
        messages = self._chat(render("answer_system"), render("answer_user", passages=format_passages(passages), question=question))
        generated = []
        try:
            for chunk in self.llm.stream_chat(messages):
                if chunk.delta:
                    generated.append(chunk.delta)
                    yield chunk.delta
        except Exception as err:  # see rewrite()
            raise self._unavailable(err) from err
        text = "".join(generated).strip()
        if not text or REFUSAL.rstrip(".").lower() in text.lower():
            yield ("", "", [], True, "the model found no answer in the passages")
            return
        verified, notes = verify(text, passages)
        for note in notes:
            log.info("citation check: %s", note)
        if not verified:
            yield ("", "", [], True, "no generated sentence was supported by its sources")
            return
        answer_text, raw, citations = _assemble(verified, passages)
        yield (answer_text, raw, citations, False, "; ".join(notes))
