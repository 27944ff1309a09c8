"""Which voice is the agent on a diarized call, and how scoring treats roles it cannot trust."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa.domain.agents import Agent
from qa.domain.metrics.metrics import (
    agent_word_count,
    metrics_from_speech,
    metrics_from_transcript,
    separated_intervals,
    voice_separated,
)
from qa.domain.rubric.parse import load_rubric, parse_rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.speaker_trust import TRUSTED_CONFIDENCE, describe_separation, roles_doubt
from qa.domain.speakers.roles import RoleCues, decide_roles, swap_roles
from qa.domain.transcript import Segment, SpeakerSeparation, Transcript, Word

REPO = Path(__file__).resolve().parents[3]
ACME = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
SARAH = Agent("sarah.k", "Sarah Kim", ("Sara",))
CUES = RoleCues({"business": ("Acme Wireless", "Acme"), "agent": ("Sarah", "Sarah Kim")})
GREETING = "thank you for calling acme wireless my name is sarah this call may be recorded"


def seg(start: float, speaker: str, text: str) -> Segment:
    words = tuple(
        Word(start + 0.4 * n, start + 0.4 * n + 0.35, w) for n, w in enumerate(text.split())
    )
    return Segment(start, words[-1].end, speaker, text, None, words)  # type: ignore[arg-type]


def diarized(confidence: float, note: str = "", greeter: str = "agent") -> Transcript:
    other = "customer" if greeter == "agent" else "agent"
    segments = (
        seg(1.0, greeter, GREETING),
        seg(9.0, other, "hi i would like to check my bill"),
        seg(14.0, greeter, "is there anything else i can help you with"),
    )
    return Transcript(segments, 20.0, speakers=SpeakerSeparation("diarization", confidence, note))


class TestWhichVoiceIsTheAgent:
    def test_the_voice_that_greets_with_the_business_name_is_the_agent(self) -> None:
        first = [seg(0.5, "agent", "hello")]
        second = [seg(2.0, "customer", GREETING)]
        decision = decide_roles(first, second, CUES)
        assert decision.swap and decision.confidence >= 0.95
        assert "thank you for calling {business}" in decision.reasons

    def test_the_first_voice_alone_leans_but_is_not_trusted(self) -> None:
        decision = decide_roles([seg(0.5, "agent", "hello")], [seg(2.0, "customer", "hi")], CUES)
        assert not decision.swap
        assert 0.5 < decision.confidence < TRUSTED_CONFIDENCE

    def test_an_outbound_workspace_prior_expects_the_customer_first(self) -> None:
        cues = replace(CUES, first_voice="customer")
        decision = decide_roles([seg(0.5, "agent", "hello")], [seg(2.0, "customer", "hi")], cues)
        assert decision.swap

    def test_words_outweigh_the_order(self) -> None:
        said_first = [seg(0.5, "agent", "hi i would like to pay my bill")]
        decision = decide_roles(said_first, [seg(3.0, "customer", GREETING)], CUES)
        assert decision.swap and decision.confidence >= 0.9

    @pytest.mark.parametrize("who", ["agent", "customer"])
    def test_confidence_never_reaches_certainty(self, who: str) -> None:
        one, two = [seg(0.5, "agent", GREETING)], [seg(5.0, "customer", "i would like to")]
        assert decide_roles(one, two, CUES).confidence < 1.0


class TestScoringWithSeparatedSpeakers:
    def test_confident_roles_are_scored_like_stereo(self) -> None:
        card = score_call(diarized(0.97), ACME, SARAH, {})
        assert card.items[0].verdict == Verdict.PASS  # greeting
        assert card.items[1].verdict == Verdict.PASS  # disclosure

    def test_weak_roles_make_only_speaker_items_uncertain_with_the_reason(self) -> None:
        card = score_call(diarized(0.62), ACME, SARAH, {})
        greeting = card.items[0]
        assert greeting.verdict == Verdict.UNCERTAIN
        assert "separated automatically with low confidence (0.62" in greeting.reason
        assert card.provisional

    def test_weak_roles_search_everyone_s_words(self) -> None:
        """Roles swapped by mistake and not trusted: the greeting is still found, as uncertain."""
        card = score_call(diarized(0.6, greeter="customer"), ACME, SARAH, {})
        assert card.items[0].verdict == Verdict.UNCERTAIN and card.items[0].evidence

    def test_a_supervisor_s_roles_are_trusted(self) -> None:
        swapped = swap_roles(diarized(0.6, greeter="customer"), "roles set by ann.m")
        assert roles_doubt(swapped) == ""
        assert score_call(swapped, ACME, SARAH, {}).items[0].verdict == Verdict.PASS

    def test_a_note_says_why_roles_cannot_be_told(self) -> None:
        mono = Transcript(
            (seg(1.0, "unknown", GREETING),),
            speakers=SpeakerSeparation("none", None, "one voice only"),
        )
        item = score_call(mono, ACME, SARAH, {}).items[0]
        assert item.verdict == Verdict.UNCERTAIN and "one voice only" in item.reason


class TestSwapAndDescribe:
    def test_swapping_exchanges_agent_and_customer_and_back(self) -> None:
        call = diarized(0.9)
        once = swap_roles(call, "roles set by ann.m")
        assert [s.speaker for s in once.segments] == ["customer", "agent", "customer"]
        assert swap_roles(once, "x").segments == call.segments

    @pytest.mark.parametrize(
        ("separation", "line"),
        [
            (
                SpeakerSeparation("diarization", 0.934),
                "speakers separated automatically (confidence 0.93)",
            ),
            (SpeakerSeparation("channels"), "speakers by channel"),
            (
                SpeakerSeparation("none", None, "one voice only"),
                "speakers not separated; one voice only",
            ),
        ],
    )
    def test_one_line_says_how_speakers_were_told_apart(
        self, separation: SpeakerSeparation, line: str
    ) -> None:
        assert describe_separation(separation) == line


class TestMetricsOfSeparatedCalls:
    SEPARATED = Transcript(
        (
            Segment(0.0, 20.0, "agent", "thank you for calling, let me check that for you"),
            Segment(21.0, 30.0, "customer", "okay"),
            Segment(100.0, 110.0, "agent", "thanks for holding"),
        ),
        110.0,
        extra={"overlapping_speech": [[19.0, 22.0]]},
        speakers=SpeakerSeparation("diarization", 0.95),
    )
    RUBRIC = parse_rubric(
        'name = "Talk"\n[[items]]\nid = "share"\nmetric = "talk_ratio"\nmax = 0.9\n'
        '[[items]]\nid = "hold"\nmetric = "longest_silence"\nmax = 60\n'
    )

    def test_talk_ratio_silence_and_overtalk_come_from_the_separated_voices(self) -> None:
        assert voice_separated(self.SEPARATED)
        spans = separated_intervals(self.SEPARATED)
        metrics = metrics_from_speech(spans, 110.0, agent_word_count(self.SEPARATED), None)
        assert metrics.overtalk is not None and metrics.overtalk >= 2.0  # 19-22 marked as both
        assert metrics.longest_silence is not None and metrics.longest_silence >= 60
        assert metrics.talk_ratio is not None and 0.6 < metrics.talk_ratio < 0.8
        assert metrics.agent_wpm is not None and metrics.agent_wpm > 0

    def test_with_weak_roles_only_role_metrics_become_uncertain(self) -> None:
        weak = replace(self.SEPARATED, speakers=SpeakerSeparation("diarization", 0.6))
        metrics = metrics_from_transcript(weak)
        verdicts = {
            i.item_id: i.verdict for i in score_call(weak, self.RUBRIC, None, {}, metrics).items
        }
        assert verdicts == {"share": Verdict.UNCERTAIN, "hold": Verdict.FAIL}
