"""Optional login for the Documenten and Feedback tabs, per browser session.

With ``settings.ui.users`` empty there is no login. Otherwise each gated tab shows a login form until the
session has signed in; every gated event also checks the session's user on the server, so hiding a tab is
never the only protection. The chat stays open to everyone who can reach the app.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence

import gradio as gr

from ui.notify import error, warn

LOGIN_NEEDED = "Meld je eerst aan om documenten en feedback te beheren."
WRONG_LOGIN = "Onbekende gebruikersnaam of verkeerd wachtwoord."


class LoginGate:
    """Login forms in front of gated areas; ``user`` is the signed-in name for this browser session."""

    def __init__(self, users: dict[str, str]):
        self.users = dict(users)
        self.user = gr.State(None)
        self._forms: list[tuple[gr.Column, gr.Textbox, gr.Textbox, gr.Button]] = []
        self._areas: list[gr.Column] = []
        self._logouts: list[gr.Button] = []
        self._refreshers: list[tuple[Callable, Sequence, Sequence]] = []

    @property
    def required(self) -> bool:
        return bool(self.users)

    def allows(self, user: str | None) -> bool:
        """True when no login is configured or ``user`` has signed in."""
        return not self.required or (user is not None and user in self.users)

    def require(self, user: str | None) -> None:
        """Stop a gated event with a Dutch error unless the session may use it."""
        if not self.allows(user):
            raise error(LOGIN_NEEDED)

    def area(self, purpose: str) -> gr.Column:
        """A login form (when needed) followed by the returned column, which holds the gated content."""
        if self.required:
            with gr.Column(elem_classes="aanmelden") as form:
                gr.Markdown(f"### Aanmelden\nMeld je aan om {purpose}.")
                name = gr.Textbox(label="Gebruikersnaam", max_lines=1)
                password = gr.Textbox(label="Wachtwoord", type="password", max_lines=1)
                button = gr.Button("Aanmelden", variant="primary")
            self._forms.append((form, name, password, button))
        area = gr.Column(visible=not self.required)
        with area:
            if self.required:
                with gr.Row(equal_height=True):
                    gr.Markdown("Je bent aangemeld.")
                    self._logouts.append(gr.Button("Afmelden", size="sm", scale=0, min_width=120))
        self._areas.append(area)
        return area

    def refresh_on_change(self, fn: Callable, inputs: Sequence, outputs: Sequence) -> None:
        """Run ``fn`` after every login and logout, e.g. to fill or empty a table meant for signed-in users."""
        self._refreshers.append((fn, inputs, outputs))

    def login(self, name: str, password: str) -> tuple:
        """Check the credentials; show the gated areas and hide the forms (a pop-up when they are wrong)."""
        expected = self.users.get(name or "")
        if expected is None or not hmac.compare_digest(expected.encode(), (password or "").encode()):
            warn(WRONG_LOGIN)
            return self._layout(None, signed_in=False)
        return self._layout(name, signed_in=True)

    def logout(self) -> tuple:
        """Forget the session's user; show the forms again."""
        return self._layout(None, signed_in=False)

    def _layout(self, user: str | None, signed_in: bool) -> tuple:
        forms = [gr.Column(visible=not signed_in)] * len(self._forms)
        areas = [gr.Column(visible=signed_in)] * len(self._areas)
        return (user, *forms, *areas, *[""] * len(self._forms))

    def register(self) -> None:
        """Wire every form's login and every area's logout button."""
        outputs = [self.user, *[form[0] for form in self._forms], *self._areas, *[form[2] for form in self._forms]]
        for number, (_, name, password, button) in enumerate(self._forms):
            event = gr.on([button.click, password.submit], self.login, [name, password], outputs,
                          api_name="login" if number == 0 else None,
                          api_visibility="public" if number == 0 else "private")
            for fn, inputs, refreshed in self._refreshers:
                event = event.success(fn, inputs, refreshed, api_visibility="private")
        for number, button in enumerate(self._logouts):
            event = button.click(self.logout, None, outputs, api_name="logout" if number == 0 else None,
                                 api_visibility="public" if number == 0 else "private")
            for fn, inputs, refreshed in self._refreshers:
                event = event.then(fn, inputs, refreshed, api_visibility="private")
