"""Keys that cannot apply now: hidden from the key bar, and answered with one line when pressed.

A screen says why an action cannot run (`refusal`); Textual then hides its key (check_action
returns False) and does not run it, so no prompt opens; the key press reaches `on_key`, which
says the refusal instead of doing nothing.
"""

from __future__ import annotations

from textual import events
from textual.actions import parse
from textual.screen import Screen


class RefusingScreen(Screen[None]):
    """A screen whose keys refuse, in one line, what the state does not allow."""

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str:
        """Why `action` cannot run now ("" when it can)."""
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide (and do not run) an action with a refusal."""
        return not self.refusal(action, parameters)

    def on_key(self, event: events.Key) -> None:
        """A refused key says why, once; nothing else happens."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            _, name, parameters = parse(binding.action)
            refusal = self.refusal(name, parameters)
            if refusal:
                event.stop()
                self.notify(refusal, severity="warning", timeout=4)
                return
