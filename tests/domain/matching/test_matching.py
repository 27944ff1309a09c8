"""Finding phrases in what was said: normalising, fuzzy matching, negation, name slots."""

from __future__ import annotations

import pytest

from qa.domain.matching.matching import Hit
from qa.domain.matching.normalize import normalize_text
from qa.domain.matching.placeholders import compile_phrase, phonetic_key, search_phrase, sounds_like
from qa.domain.matching.spoken_text import SpokenCall
from qa.domain.transcript import Segment, Transcript, Word

NAMES = {"agent": ("Sarah Kim", "Sarah", "Sara"), "business": ("Acme Wireless", "Acme")}


def _said(text: str, phrase: str, names: dict[str, tuple[str, ...]] = NAMES) -> tuple[Hit, str]:
    call = SpokenCall(Transcript((Segment(0.0, 8.0, "agent", text),)))
    stream = call.stream("agent")
    hit = search_phrase(stream, compile_phrase(phrase), names, (0, len(stream)), 85.0)
    quote = stream.quote(hit.match.first, hit.match.last) if hit.match else ""
    return hit, quote


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Thank you for calling ACME Wireless!", "thank you for calling acme wireless"),
        ("I won't put you on hold.", "i will not put you on hold"),
        ("You've reached Acme; it's Sam.", "you have reached acme it is sam"),
        ("Um, uh, alright, OK", "all right okay"),
        ("Thanks, my name's Sarah", "thank you my name is sarah"),
        ("24/7 support, 30-day trial", "twenty four seven support thirty day trial"),
        (
            "call 0800 123456 on the 21st",
            "call zero eight zero zero one two three four five six on the twenty first",
        ),
        ("$5 or 100%", "five dollars or one hundred per cent"),
        ("I can’t", "i can not"),
        ("I cant, Im sorry, dont worry", "i can not i am sorry do not worry"),
        ("wont", "wont"),  # a misheard "want" as often as a "won't" without its apostrophe
    ],
)
def test_normalize(raw: str, normal: str) -> None:
    assert normalize_text(raw) == normal


@pytest.mark.parametrize(
    ("text", "phrase", "status"),
    [
        ("thank you for calling acme wireless my name is sarah", "my name is {agent}", "said"),
        ("hi my name is Sara how can I help", "my name is {agent}", "said"),
        ("hi my name is Sera how can I help", "my name is {agent}", "said"),
        ("thank you for calling acne wireless", "thank you for calling {business}", "said"),
        ("thank you for calling Acme", "thank you for calling {business}", "said"),
        ("you've reached Acme, Sarah speaking", "{agent} speaking", "said"),
        ("you've reached Acme, Danny speaking", "{agent} speaking", "other_name"),
        ("hi my name is Sam how can I help", "my name is {agent}", "other_name"),
        ("hi my name is Bob how can I help", "my name is {agent}", "other_name"),
        (
            "thank you for calling verizon how can I help",
            "thank you for calling {business}",
            "other_name",
        ),
        ("thank you for calling, how can I help", "thank you for calling {business}", "absent"),
        (  # "wireless" alone is not the business name "Acme Wireless"
            "thank you for calling Verizon Wireless, how can I help",
            "thank you for calling {business}",
            "other_name",
        ),
        ("hi this is a problem with my bill", "this is {agent}", "absent"),
        ("hi, my is sarah", "my name is {agent}", "said"),  # a frame word lost, the name heard
        ("hi, my name is jessica", "my name is {agent}", "other_name"),
    ],
)
def test_name_slots_are_checked_on_their_own(text: str, phrase: str, status: str) -> None:
    hit, _ = _said(text, phrase)
    assert hit.status == status


def test_a_name_the_engine_split_in_two_is_heard() -> None:
    priya = {"agent": ("Priya Nair", "Priya"), "business": ()}
    assert _said("my name is pre a how can i help", "my name is {agent}", priya)[0].status == (
        "said"
    )


def test_another_frame_with_the_right_name_does_not_pass() -> None:
    assert _said("hi my name is Sarah Kim, how can I help", "this is {agent}")[0].status != "said"


def test_a_wrong_name_reports_the_word_heard_and_quotes_it() -> None:
    hit, quote = _said(
        "thank you for calling acme, my name is Sam, how can I help", "my name is {agent}"
    )
    assert hit.heard == "sam" and quote == "my name is Sam,"


def test_no_agent_known_means_any_name_is_only_heard() -> None:
    hit, _ = _said("hello my name is Sarah", "my name is {agent}", {"agent": (), "business": ()})
    assert hit.status == "other_name" and hit.heard == "sarah"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("I won't put you on hold", "negated"),
        ("I will not put you on hold, I promise", "negated"),
        ("I'm not going to put you on hold", "negated"),
        ("Don't worry, I'll put you on hold", "said"),
        ("no problem I will put you on hold now", "said"),
        ("Let me put you on hold for a moment", "said"),
    ],
)
def test_negation_before_a_phrase(text: str, status: str) -> None:
    assert _said(text, "put you on hold")[0].status == status


def test_a_phrase_that_states_a_negation_is_not_negated_by_it() -> None:
    assert _said("honestly that's not my problem", "not my problem")[0].status == "said"


def test_long_phrase_against_a_short_segment_does_not_score_on_one_shared_word() -> None:
    call = SpokenCall(
        Transcript((Segment(0.0, 1.0, "agent", "anything"), Segment(2.0, 3.0, "agent", "okay")))
    )
    stream = call.stream("agent")
    phrase = compile_phrase("is there anything else i can help you with")
    hit = search_phrase(stream, phrase, NAMES, (0, len(stream)), 85.0)
    assert hit.status == "absent"


def test_an_inserted_word_is_found_by_word_windows() -> None:
    hit, quote = _said("sir you need to calm you down right now, all done", "calm down")
    assert hit.status == "said" and quote == "calm you down"  # every word, one inserted


@pytest.mark.parametrize(
    ("text", "phrase", "status"),
    [
        ("hi my phone has no service", "new phone", "absent"),  # 82 %, but another word
        ("that is great, no problem at all", "not my problem", "absent"),  # 83 %
        ("we also have a famly plan for you", "family plan", "said"),
        ("we also have a fam plan for you", "family plan", "near"),  # a garble: unsure
        ("we also have a national pass", "international pass", "near"),  # another word
        ("sir it is al done for now", "calm down", "near"),  # two words misheard: unsure
        ("we have a limited data plan", "unlimited data", "near"),  # 92 %, the opposite word
        ("would you like the protection the plan", "protection plan", "said"),
    ],
)
def test_short_phrases_are_checked_word_by_word(text: str, phrase: str, status: str) -> None:
    assert _said(text, phrase)[0].status == status


def test_a_prohibited_phrase_missing_one_word_is_near() -> None:
    call = SpokenCall(Transcript((Segment(0.0, 8.0, "agent", "honestly that's not so my"),)))
    stream = call.stream("agent")
    phrase = compile_phrase("not my problem")
    assert search_phrase(stream, phrase, NAMES, (0, len(stream)), 85.0).status == "absent"
    hit = search_phrase(stream, phrase, NAMES, (0, len(stream)), 85.0, loose=True)
    assert hit.status == "near" and hit.match is not None
    assert stream.quote(hit.match.first, hit.match.last) == "not so my"


def test_a_whole_word_is_needed_for_an_exact_match() -> None:
    assert _said("the calm downstairs neighbour", "calm down")[0].status != "said"


def test_match_maps_back_to_word_times() -> None:
    words = tuple(
        Word(1.0 + n, 1.5 + n, w, 0.9)
        for n, w in enumerate("hello this call may be recorded ok".split())
    )
    call = SpokenCall(Transcript((Segment(1.0, 8.0, "agent", "", 0.9, words),)))
    stream = call.stream("agent")
    hit = search_phrase(
        stream, compile_phrase("this call may be recorded"), NAMES, (0, len(stream)), 85.0
    )
    assert hit.match is not None
    assert (stream.starts[hit.match.first], stream.end(hit.match.last - 1)) == (2.0, 6.5)


@pytest.mark.parametrize(
    ("expected", "heard", "close"),
    [
        ("sarah", "sara", True),
        ("sarah", "sera", True),
        ("sarah", "sam", False),
        ("acme wireless", "acne wireless", True),
        ("acme", "verizon", False),
        ("sarah", "sorry", False),
        ("daniel", "danielle", True),
        ("priya", "maria", False),
        ("priya", "pre a", True),  # split by the engine: the sounds run together
        ("priya", "pre", False),
    ],
)
def test_sounds_like(expected: str, heard: str, close: bool) -> None:
    assert sounds_like(expected, heard) is close


def test_phonetic_key_groups_like_sounds() -> None:
    assert phonetic_key("acne") == phonetic_key("acme")
    assert phonetic_key("sarah") == phonetic_key("sara") != phonetic_key("sam")
