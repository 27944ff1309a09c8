"""Speaker streams and the search shortcuts: same answers as the plain search, fewer steps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.matching.matching import Hit, _anchors
from qa.domain.matching.placeholders import compile_phrase, search_phrase
from qa.domain.matching.spoken_text import SpokenCall
from qa.domain.rubric.parse import parse_rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.item_checks import Check, _best, best_in_order
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript, Word

NAMES = {"agent": ("Sarah Kim", "Sarah", "Sara"), "business": ("Acme Wireless", "Acme")}
WORDS = ["thank", "you", "for", "calling", "acme", "not", "my", "name", "is", "sarah", "help"]
ALTERNATIVES = [
    "thank you for calling {business}",
    "my name is {agent}",
    "you for calling",
    "not my name",
    "help you",
    "calling acme",
]


def _segment(
    start: float, speaker: str, words: list[str], confidence: float | None = 0.9, step: float = 1.0
) -> Segment:
    timed = tuple(
        Word(start + n * step, start + n * step + step / 2, w, confidence)
        for n, w in enumerate(words)
    )
    end = start + len(words) * step
    return Segment(start, end, speaker, " ".join(words), 0.8, timed)  # type: ignore[arg-type]


def _stream_of(*segments: Segment) -> tuple[SpokenCall, int]:
    call = SpokenCall(Transcript(segments))
    return call, len(call.stream("agent"))


def _plain_best(call: SpokenCall, phrases: list[str], threshold: float) -> Hit:
    """Every alternative searched in order, as `_best` did before its word-for-word shortcut."""
    stream = call.stream("agent")
    return best_in_order(stream, phrases, NAMES, (0, len(stream)), threshold)


@settings(max_examples=150, deadline=None)
@given(
    talk=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    phrases=st.lists(st.sampled_from(ALTERNATIVES), min_size=2, max_size=4, unique=True),
)
def test_the_word_for_word_shortcut_picks_what_the_plain_search_picks(
    talk: list[str], phrases: list[str]
) -> None:
    call, _ = _stream_of(_segment(0.0, "agent", talk))
    rubric = parse_rubric('name = "P"\n[[items]]\nid = "x"\nany = ["a b"]\n')
    check = Check(rubric.items[0], call, NAMES, {})
    stream = call.stream("agent")
    shortcut = _best(check, stream, tuple(phrases), (0, len(stream)))
    assert shortcut == _plain_best(call, phrases, rubric.items[0].threshold)


def test_a_later_alternative_said_word_for_word_passes() -> None:
    rubric = parse_rubric(
        'name = "P"\nbusiness = ["Acme"]\n[[items]]\nid = "x"\n'
        'any = ["thank you for calling {business}", "welcome to {business}"]\n'
    )
    call = Transcript((_segment(0.0, "agent", "hi welcome to Acme".split()),))
    item = score_call(call, rubric, None, {}).items[0]
    assert item.verdict == Verdict.PASS and item.evidence[0].text == "welcome to Acme"


def test_the_first_name_said_word_for_word_wins_over_the_full_name() -> None:
    call, size = _stream_of(_segment(0.0, "agent", "hello my name is Sarah okay".split()))
    hit = search_phrase(call.stream("agent"), compile_phrase("my name is {agent}"), NAMES,
                        (0, size), 85.0)  # fmt: skip
    assert (hit.status, hit.phrase) == ("said", "my name is Sarah")
    assert hit.match is not None and hit.match.score == 100.0


def test_dropped_filler_words_keep_times_speakers_and_confidence_in_place() -> None:
    words = "um this uh call may be recorded".split()
    call, size = _stream_of(_segment(0.0, "customer", ["hi"]), _segment(2.0, "agent", words, None))
    stream = call.stream("agent")
    assert stream.text == "this call may be recorded" and size == 5
    hit = search_phrase(stream, compile_phrase("this call may be recorded"), NAMES, (0, size), 85.0)
    assert hit.match is not None
    first, last = hit.match.first, hit.match.last
    assert (stream.starts[first], stream.end(last - 1)) == (3.0, 8.5)
    assert stream.speaker(first) == "agent"
    assert stream.mean_confidence(first, last) == 0.8  # no word confidence: the segment's


def test_a_negation_does_not_reach_into_the_next_turn_even_after_a_filler() -> None:
    # "no" ends under a second before "put": close enough to negate it, but its turn ended
    call, size = _stream_of(
        _segment(0.0, "agent", ["no", "um"], step=0.3),
        _segment(0.7, "agent", "I will put you on hold".split(), step=0.3),
    )
    hit = search_phrase(call.stream("agent"), compile_phrase("put you on hold"), NAMES,
                        (0, size), 85.0)  # fmt: skip
    assert hit.status == "said"


def test_a_negation_inside_the_last_turn_still_negates() -> None:
    call, size = _stream_of(
        _segment(0.0, "agent", ["hello."]),
        _segment(2.0, "agent", "I won't put you on hold".split()),
    )
    hit = search_phrase(call.stream("agent"), compile_phrase("put you on hold"), NAMES,
                        (0, size), 85.0)  # fmt: skip
    assert hit.status == "negated"


def test_anchor_words_are_the_longest_earlier_first_on_a_tie() -> None:
    # a set's order would vary from run to run (string hashing): the evidence must not
    assert _anchors("this call may be monitored") == (("monitored", 4), ("this", 0))
    assert _anchors("take good care") == (("take", 0), ("good", 1))
