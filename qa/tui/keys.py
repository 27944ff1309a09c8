"""Keys that work on every screen of the review and replay apps: each app binds them, the help
lists them under "Everywhere"."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_KEYS: list[BindingType] = [
    Binding("question_mark", "help", "Help"),
    Binding("q", "quit", "Quit"),
]
