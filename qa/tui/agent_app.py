"""Agent mode: an agent replays their own calls. One factory for the CLI and for tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from qa.pipeline.disputes.replay import AgentReplayService
from qa.pipeline.playback import Player
from qa.tui.keys import APP_KEYS


class AgentApp(App[None]):
    """The agent's reviewed calls, then one call at a time with playback and the scorecard."""

    CSS_PATH = "review.tcss"  # the review app's look: same title bars, panes and prompts
    TITLE = "callqa replay"
    CSS = "#call-body > OptionList { height: 1fr; }"  # both panes as tall as the screen allows
    BINDINGS = [*APP_KEYS]
    service: AgentReplayService  # what screens reach through `hosts.replay_app`
    player: Player

    def __init__(
        self, service: AgentReplayService, player: Player | None = None, call_id: int | None = None
    ) -> None:
        super().__init__()
        self.service = service
        self.player = player or Player()
        self.start_call = call_id

    def on_mount(self) -> None:
        from qa.tui.screens.agent_call import AgentCallScreen
        from qa.tui.screens.agent_calls import AgentCallsScreen

        self.push_screen(AgentCallsScreen())
        if self.start_call is not None:
            self.push_screen(AgentCallScreen(self.start_call))

    def action_help(self) -> None:
        """Show the agent's keys."""
        from qa.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen("callqa replay · keys", agent=True))

    def on_unmount(self) -> None:
        self.player.close()


def create_agent_app(
    service: AgentReplayService, player: Player | None = None, call_id: int | None = None
) -> AgentApp:
    """The agent app over `service`, opening `call_id` at once when given."""
    return AgentApp(service, player, call_id)


if TYPE_CHECKING:
    from qa.tui.hosts import ReplayHost

    _HOST: type[ReplayHost] = AgentApp  # mypy holds the app to what its screens ask of it
