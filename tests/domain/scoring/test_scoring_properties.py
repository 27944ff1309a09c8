"""Properties of scoring: scores stay in 0-100, and a phrase said verbatim in its window passes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.agents import Agent
from qa.domain.rubric.parse import parse_rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Segment, Transcript, Word

VOCAB = [
    "hello",
    "account",
    "bill",
    "phone",
    "the",
    "and",
    "calling",
    "thank",
    "you",
    "is",
    "my",
    "name",
    "not",
    "plan",
    "pay",
    "today",
    "okay",
    "sure",
    "card",
    "fixed",
    "seven",
    "no",
]
phrase_words = st.lists(
    st.sampled_from(VOCAB[:12]) | st.from_regex(r"[a-z]{3,9}", fullmatch=True),
    min_size=2,
    max_size=6,
)
talk = st.lists(st.sampled_from(VOCAB), min_size=0, max_size=40)
RUBRIC = parse_rubric("""name = "P"
business = ["Acme"]
[[items]]
id = "greet"
within = "first 30s"
all = [["thank you for calling {business}"], ["my name is {agent}"]]
[[items]]
id = "offer"
any = ["family plan"]
when = { any = ["new phone"] }
[[items]]
id = "rude"
none = ["calm down"]
critical = true
[[items]]
id = "offers"
each = "offers"
[[items]]
id = "manual"
manual = true
""")


def _call(turns: list[tuple[str, list[str]]], start: float = 0.5) -> Transcript:
    segments, t = [], start
    for speaker, words in turns:
        if not words:
            continue
        timed = tuple(Word(t + 0.3 * n, t + 0.3 * n + 0.25, w, 0.9) for n, w in enumerate(words))
        segments.append(Segment(t, timed[-1].end, speaker, " ".join(words), 0.9, timed))  # type: ignore[arg-type]
        t = timed[-1].end + 0.5
    return Transcript(tuple(segments))


@settings(max_examples=60, deadline=None)
@given(
    turns=st.lists(st.tuples(st.sampled_from(["agent", "customer", "unknown"]), talk), max_size=8),
    offers=st.lists(st.sampled_from(["family plan", "cloud", "x"]), max_size=2),
)
def test_scores_stay_between_0_and_100(
    turns: list[tuple[str, list[str]]], offers: list[str]
) -> None:
    card = score_call(_call(turns), RUBRIC, Agent("a", "Sarah Kim"), {"offers": offers})
    assert 0.0 <= card.score <= 100.0
    assert card.provisional  # the manual item is pending
    assert card.score_range is not None
    low, high = card.score_range
    assert 0.0 <= low <= high <= 100.0 and (card.auto_fail or low <= card.score <= high)
    assert len(card.items) == len(RUBRIC.items)


@settings(max_examples=100, deadline=None)
@given(phrase=phrase_words, before=talk, after=talk, offset=st.floats(0, 20))
def test_a_phrase_said_verbatim_in_its_window_passes(
    phrase: list[str], before: list[str], after: list[str], offset: float
) -> None:
    text = " ".join(phrase)
    rubric = parse_rubric(
        f'name = "P"\n[[items]]\nid = "x"\nwithin = "first 60s"\nany = ["{text}"]\n'
    )
    t = _call([("agent", before[:10]), ("customer", after), ("agent", phrase)], start=offset)
    assert score_call(t, rubric, None, {}).items[0].verdict == Verdict.PASS
