"""The key bar: the keys the screen offers now and what they do, drawn as one line."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """Textual's Footer as one widget (keys only: no clicks, no command palette).

    The Footer mounts a widget per key and rebuilds them whenever focus or the bindings change;
    that was over half the time of opening a call (docs/benchmarks.md, "Review UI").
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"keybar--key"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def notify_style_update(self) -> None:
        """Draw again when the theme's colours arrive (the keys' style is read in render)."""
        super().notify_style_update()
        self.refresh()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        """Each shown, enabled key once (the first binding of an action), in binding order."""
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        actions: set[str] = set()
        for _node, binding, enabled, _tip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in actions:
                continue
            actions.add(binding.action)
            line.append(f" {self.app.get_key_display(binding)} ", style=key_style)
            line.append(f"{binding.description} ")
        return line
