"""Keys that work on every screen of the review app: the app binds them, the help lists them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_KEYS: list[BindingType] = [
    Binding("question_mark", "help", "Help"),
    Binding("q", "quit", "Quit"),
]
