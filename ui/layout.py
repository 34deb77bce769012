"""The whole page: header, the tabs Vragen / Engagementen / Documenten / Feedback / Evaluatie, and what the page
needs at launch."""

from __future__ import annotations

import gradio as gr
from starlette.routing import BaseRoute

from answer.assistant import Assistant
from beleid.settings import Settings
from ui.auth import LoginGate
from ui.chat import ChatPanel
from ui.commitments import CommitmentsTab
from ui.documents import DocumentsTab
from ui.evaluation import EvaluationTab
from ui.feedback import FeedbackBar, FeedbackTab
from ui.files import source_routes
from ui.filters import FilterBar
from ui.sources import CLICK_JS, SourcePanel
from ui.store import FeedbackStore, snapshot
from ui.theme import CSS, make_theme

HEADER = (
    "<div class='app-kop'><h1>Beleidsassistent</h1>"
    "<p>Vragen over lokaal HR-beleid en de sectorconvenants, beantwoord uit de opgenomen documenten, "
    "altijd met bronvermelding.</p></div>"
)


class BeleidBlocks(gr.Blocks):
    """gr.Blocks whose launch() adds the offline theme, the CSS, the citation-click script, the route
    that serves original documents and ``extra_routes`` (the API), so that every caller of launch() gets the
    same app."""

    def __init__(self, settings: Settings):
        # delete_cache: Gradio's copies of uploads and downloads are removed after a day.
        super().__init__(title="Beleidsassistent", analytics_enabled=False, delete_cache=(3600, 86400))
        self.settings = settings
        self.extra_routes: list[BaseRoute] = []

    def launch(self, *args, **kwargs):
        """gr.Blocks.launch with this app's defaults; explicit arguments win."""
        app_kwargs = dict(kwargs.pop("app_kwargs", None) or {})
        app_kwargs["routes"] = [*app_kwargs.get("routes", []), *source_routes(self.settings), *self.extra_routes]
        defaults = {"theme": make_theme(), "css": CSS, "js": CLICK_JS, "ssr_mode": False, "footer_links": [],
                    "server_name": self.settings.ui.host}
        return super().launch(*args, app_kwargs=app_kwargs, **{**defaults, **kwargs})


def build_layout(settings: Settings, assistant: Assistant) -> BeleidBlocks:
    """Build all parts, then register their events."""
    store = FeedbackStore(settings.state_db)
    with BeleidBlocks(settings) as page:
        gr.HTML(HEADER)
        gate = LoginGate(settings.ui.users)
        answers = gr.State([])
        with gr.Tabs():
            with gr.Tab("Vragen", id="vragen"):
                with gr.Row():
                    with gr.Column(scale=3):
                        filters = FilterBar(assistant.catalog.state.documents())
                        chat = ChatPanel(assistant, answers, filters)
                        feedback_bar = FeedbackBar(store, snapshot(settings, assistant), answers)
                    with gr.Column(scale=2):
                        gr.Markdown("### Bronnen")
                        sources = SourcePanel(answers)
            with gr.Tab("Engagementen", id="engagementen"):
                commitments = CommitmentsTab(assistant.catalog.state)
            with gr.Tab("Documenten", id="documenten"):
                documents = DocumentsTab(
                    settings, assistant, gate, linked=[*filters.components, chat.notice],
                    linked_updates=lambda docs: [*FilterBar.updates(docs), chat.notice_update()],
                )
            with gr.Tab("Feedback", id="feedback"):
                feedback_tab = FeedbackTab(store, gate)
            with gr.Tab("Evaluatie", id="evaluatie"):
                evaluation = EvaluationTab(settings, assistant, store, gate)
        chat.register(sources)
        sources.register()
        feedback_bar.register(chat.new_button)
        documents.register()
        feedback_tab.register()
        evaluation.register()
        commitments.register()
        gate.register()
        page.load(documents.refresh, [gate.user], documents.refresh_outputs, api_visibility="private")
        page.load(commitments.refresh, None, commitments.refresh_outputs, api_visibility="private")
        page.load(feedback_tab.rows, [gate.user], [feedback_tab.table], api_visibility="private")
    return page
