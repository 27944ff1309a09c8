"""Scoring a call: each item kind, windows, triggers, speakers, and what the score adds up to."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.agents import Agent
from qa.domain.rubric.parse import load_rubric, parse_rubric
from qa.domain.scorecard import Scorecard, Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript, Word

REPO = Path(__file__).resolve().parents[3]
SARAH = Agent("sarah.k", "Sarah Kim", ("Sara",))
ACME = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
COLLECTIONS = load_rubric(REPO / "rubrics" / "collections.toml")


def call(*turns: tuple[float, str, str], confidence: float | None = None) -> Transcript:
    """Segments from (start, speaker, text), words spread 0.4 s apart."""
    segments = []
    for start, speaker, text in turns:
        words = tuple(
            Word(start + 0.4 * n, start + 0.4 * n + 0.35, w, confidence)
            for n, w in enumerate(text.split())
        )
        segments.append(Segment(start, words[-1].end, speaker, text, confidence, words))  # type: ignore[arg-type]
    return Transcript(tuple(segments))


GOOD = call(
    (
        1.0,
        "agent",
        "Thank you for calling Acme Wireless, my name is Sarah. This call may be recorded.",
    ),
    (9.0, "customer", "Hi, I want to upgrade my phone."),
    (13.0, "agent", "Great choice. Would you like device protection? We also have a family plan."),
    (60.0, "customer", "No thanks, that's all."),
    (63.0, "agent", "Is there anything else I can help you with today?"),
)


def verdicts(card: Scorecard) -> dict[str, str]:
    return {i.item_id: i.verdict.value for i in card.items}


def test_a_good_call_passes_with_evidence_for_every_automatic_item() -> None:
    card = score_call(GOOD, ACME, SARAH, {"offers": ["family plan"], "call_id": "C-1"})
    assert verdicts(card) == {
        "greeting": "pass",
        "disclosure": "pass",
        "protection_offer": "pass",
        "suggested_offers": "pass",
        "courtesy": "pass",
        "closing": "pass",
        "demeanor": "pending",
    }
    # demeanor pending: scored over the 85 decided points, 85-95 of 95 once it is decided
    assert card.score == 100.0 and card.passed and card.provisional and not card.auto_fail
    assert card.score_range == (89.5, 100.0)
    greeting = card.items[0]
    assert [e.text for e in greeting.evidence] == [
        "Thank you for calling Acme Wireless,",
        "my name is Sarah.",
    ]
    assert greeting.evidence[0].start == 1.0 and greeting.evidence[0].speaker == "agent"
    assert card.call == {"call_id": "C-1", "agent": "Sarah Kim"}


def test_json_is_the_design_shape() -> None:
    data = score_call(GOOD, ACME, SARAH, {"offers": ["family plan"]}).to_dict()
    assert set(data) == {
        "rubric", "call", "score", "passed", "auto_fail", "provisional", "score_range", "items"
    }  # fmt: skip
    assert data["score_range"] == [89.5, 100.0]
    assert data["rubric"]["sha256"] == ACME.sha256
    item = data["items"][0]
    assert set(item) == {
        "id",
        "label",
        "section",
        "verdict",
        "points",
        "earned",
        "critical",
        "reason",
        "evidence",
    }
    assert set(item["evidence"][0]) == {"phrase", "text", "speaker", "start", "end", "similarity"}


def test_a_wrong_name_is_uncertain_never_pass() -> None:
    sam = call(
        (
            1.0,
            "agent",
            "Thank you for calling Acme Wireless, my name is Sam, this call may be recorded.",
        )
    )
    greeting = score_call(sam, ACME, SARAH, {}).items[0]
    assert greeting.verdict == Verdict.UNCERTAIN and "'sam'" in greeting.reason


def test_the_phrase_said_by_the_customer_does_not_count() -> None:
    flipped = call((1.0, "customer", "This call may be recorded, right?"), (5.0, "agent", "Yes."))
    disclosure = score_call(flipped, ACME, SARAH, {}).items[1]
    assert disclosure.verdict == Verdict.FAIL and disclosure.critical
    assert score_call(flipped, ACME, SARAH, {}).auto_fail


def test_outside_the_window_fails() -> None:
    late = call((1.0, "agent", "Hello."), (70.0, "agent", "This call may be recorded."))
    assert score_call(late, ACME, SARAH, {}).items[1].verdict == Verdict.FAIL


def test_when_trigger_absent_is_na_and_the_response_must_follow_it() -> None:
    quiet = call(
        (1.0, "agent", "Device protection is on sale."),
        (9.0, "customer", "I just have a billing question."),
    )
    assert score_call(quiet, ACME, SARAH, {}).items[2].verdict == Verdict.NA
    early = call(
        (1.0, "agent", "Device protection is on sale."),
        (9.0, "customer", "I want to upgrade my phone."),
    )
    assert score_call(early, ACME, SARAH, {}).items[2].verdict == Verdict.FAIL


def test_a_negated_trigger_does_not_trigger() -> None:
    no = call((9.0, "customer", "I don't need a new phone."), (12.0, "agent", "Okay."))
    assert score_call(no, ACME, SARAH, {}).items[2].verdict == Verdict.NA


def test_negated_offer_does_not_count() -> None:
    t = call(
        (9.0, "customer", "I want a new phone."),
        (12.0, "agent", "Sadly I can't offer device protection on it."),
    )
    item = score_call(t, ACME, SARAH, {}).items[2]
    assert item.verdict == Verdict.FAIL and "negative" in item.reason


def test_each_checks_every_value_and_names_what_is_missing() -> None:
    card = score_call(GOOD, ACME, SARAH, {"offers": ["family plan", "cloud storage"]})
    offers = card.items[3]
    assert offers.verdict == Verdict.FAIL and "missing: cloud storage" in offers.reason
    assert offers.evidence[0].text == "family plan."
    assert score_call(GOOD, ACME, SARAH, {"offers": []}).items[3].verdict == Verdict.NA


@pytest.mark.parametrize(
    ("text", "speaker", "verdict"),
    [
        ("Sir, you need to calm down.", "agent", "fail"),
        ("Calm down, I am asking.", "customer", "pass"),
        ("I won't tell you to calm down.", "agent", "pass"),
        ("Honestly that's not my problem.", "agent", "fail"),
    ],
)
def test_prohibited_phrases(text: str, speaker: str, verdict: str) -> None:
    card = score_call(call((5.0, speaker, text)), ACME, SARAH, {})
    courtesy = card.items[4]
    assert courtesy.verdict.value == verdict
    if verdict == "fail":
        assert card.auto_fail and card.score == 0.0 and courtesy.evidence


def test_mono_calls_make_speaker_items_uncertain() -> None:
    mono = call(
        (
            1.0,
            "unknown",
            "Thank you for calling Acme Wireless, my name is Sarah. This call may be recorded.",
        )
    )
    card = score_call(mono, ACME, SARAH, {})
    assert card.items[0].verdict == Verdict.UNCERTAIN and "mono" in card.items[0].reason


def test_low_recognition_confidence_is_uncertain() -> None:
    mumbled = call((1.0, "agent", "This call may be recorded."), confidence=0.3)
    item = score_call(mumbled, ACME, SARAH, {}).items[1]
    assert item.verdict == Verdict.UNCERTAIN and "confidence" in item.reason


def test_uncalibrated_engine_confidence_is_not_held_against_a_match() -> None:
    mumbled = call((1.0, "agent", "This call may be recorded."), confidence=0.3)
    heard = Transcript(mumbled.segments, engine="pocketsphinx")
    assert score_call(heard, ACME, SARAH, {}).items[1].verdict == Verdict.PASS
    whisper = Transcript(mumbled.segments, engine="whisper:base.en")
    assert score_call(whisper, ACME, SARAH, {}).items[1].verdict == Verdict.UNCERTAIN


def test_a_prohibited_phrase_with_a_word_lost_is_uncertain_never_pass() -> None:
    lost = call((5.0, "agent", "Honestly that's not so my"))
    courtesy = score_call(lost, ACME, SARAH, {}).items[4]
    assert courtesy.verdict == Verdict.UNCERTAIN and "possibly prohibited" in courtesy.reason
    polite = call((5.0, "agent", "No problem, let me fix that."))
    assert score_call(polite, ACME, SARAH, {}).items[4].verdict == Verdict.PASS


def test_near_the_threshold_is_uncertain() -> None:
    near = call((1.0, "agent", "This call could be recorded."))
    assert score_call(near, ACME, SARAH, {}).items[1].verdict == Verdict.UNCERTAIN


def test_applies_to_filters_by_metadata() -> None:
    rubric = parse_rubric(
        'name = "R"\n[[items]]\nid = "a"\nany = ["hello"]\napplies_to = { queue = ["sales"] }\n'
    )
    t = call((1.0, "agent", "hello there"))
    assert score_call(t, rubric, None, {"queue": "support"}).items[0].verdict == Verdict.NA
    assert score_call(t, rubric, None, {"queue": "Sales"}).items[0].verdict == Verdict.PASS


def test_disclosure_must_come_before_the_balance_is_discussed() -> None:
    dana = Agent("d", "Dana Lee")
    right = call(
        (
            1.0,
            "agent",
            "Hi, this is Dana Lee with Northwind Recovery. This is an attempt to collect a debt "
            "and any information obtained will be used for that purpose.",
        ),
        (20.0, "agent", "Your balance is two hundred dollars."),
    )
    wrong = call(
        (
            1.0,
            "agent",
            "Hi, this is Dana Lee with Northwind Recovery. Your balance is two hundred dollars.",
        ),
        (
            20.0,
            "agent",
            "This is an attempt to collect a debt and any information obtained will be used "
            "for that purpose.",
        ),
    )
    assert verdicts(score_call(right, COLLECTIONS, dana, {}))["mini_miranda"] == "pass"
    item = next(
        i for i in score_call(wrong, COLLECTIONS, dana, {}).items if i.item_id == "mini_miranda"
    )
    assert item.verdict == Verdict.FAIL and "only after" in item.reason and len(item.evidence) == 2


def test_score_counts_only_applicable_points() -> None:
    card = score_call(call((1.0, "agent", "Hello.")), ACME, SARAH, {})
    assert card.auto_fail and card.score == 0.0  # the disclosure is critical
    rubric = parse_rubric(
        'name = "R"\n[[items]]\nid = "a"\nany = ["hello"]\npoints = 30\n'
        '[[items]]\nid = "b"\nany = ["goodbye"]\npoints = 10\n'
        '[[items]]\nid = "c"\nany = ["x"]\nwhen = { any = ["never said"] }\n'
    )
    card = score_call(call((1.0, "agent", "hello there")), rubric, None, {})
    assert verdicts(card) == {"a": "pass", "b": "fail", "c": "na"} and card.score == 75.0


PROVISIONAL = parse_rubric(
    'name = "R"\n[[items]]\nid = "a"\nany = ["hello"]\npoints = 30\n'
    '[[items]]\nid = "b"\nany = ["goodbye"]\npoints = 10\n'
    '[[items]]\nid = "m"\nmanual = true\npoints = 10\n'
    '[[items]]\nid = "k"\nmanual = true\ncritical = true\n'
)


def test_a_pending_item_neither_earns_nor_costs_points_until_decided() -> None:
    card = score_call(call((1.0, "agent", "hello there")), PROVISIONAL, None, {})
    assert verdicts(card) == {"a": "pass", "b": "fail", "m": "pending", "k": "pending"}
    assert card.score == 75.0 and card.provisional  # 30 of the 40 decided points
    # every open item fails (the critical one fails the card) .. every open item passes
    assert card.score_range == (0.0, 83.3)


def test_a_decided_card_has_no_range() -> None:
    rubric = parse_rubric('name = "R"\n[[items]]\nid = "a"\nany = ["hello"]\n')
    card = score_call(call((1.0, "agent", "hello there")), rubric, None, {})
    assert card.score == 100.0 and card.score_range is None
    assert card.to_dict()["score_range"] is None
