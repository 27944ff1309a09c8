"""Words of any script: letters with diacritics are kept, casefolded and composed, and an
accent dropped by the engine is a look-alike, not another word."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.matching.normalize import normalize_text, without_accents
from qa.domain.matching.placeholders import compile_phrase, search_phrase, sounds_like
from qa.domain.matching.spoken_text import SpokenCall
from qa.domain.transcript import Segment, Transcript


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Jag heter Jönsson, lugna ner.", "jag heter jönsson lugna ner"),
        ("Kundtjänst vill förbättra", "kundtjänst vill förbättra"),
        ("Herr Müller, Straße", "herr müller strasse"),
        ("¿Cómo está? Me llamo José Muñoz", "cómo está me llamo josé muñoz"),
        ("Je m'appelle Zoë, ça va", "je mappelle zoë ça va"),
        ("Łukasz Nguyễn", "łukasz nguyễn"),
        ("JÖNSSON", "jönsson"),
        ("Jo\u0308nsson", "jönsson"),  # decomposed ö composed (NFC)
    ],
)
def test_letters_of_every_script_are_kept(raw: str, normal: str) -> None:
    assert normalize_text(raw) == normal


@pytest.mark.parametrize(
    ("word", "plain"),
    [("jönsson", "jonsson"), ("müller", "muller"), ("josé", "jose"), ("łukasz", "lukasz"),
     ("søren", "soren"), ("nguyễn", "nguyen"), ("plain", "plain")],
)  # fmt: skip
def test_accents_come_off_for_the_second_tier(word: str, plain: str) -> None:
    assert without_accents(word) == plain


@settings(deadline=None)
@given(st.text(st.characters(categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=12))
def test_a_word_of_letters_is_never_cut(word: str) -> None:
    folded = unicodedata.normalize("NFC", word).casefold()
    assert normalize_text(word) == normalize_text(folded)  # case and composition do not count
    if not folded.isascii():  # no English spelling or filler applies: every letter is kept
        assert normalize_text(word) == folded


@pytest.mark.parametrize(
    ("expected", "heard"),
    [("jönsson", "jonsson"), ("björn jönsson", "bjorn jonsson"), ("müller", "mueller"),
     ("josé", "jose"), ("zoë", "zoe")],
)  # fmt: skip
def test_a_name_heard_without_its_accents_sounds_like_it(expected: str, heard: str) -> None:
    assert sounds_like(expected, heard)


@pytest.mark.parametrize(
    ("text", "phrase", "names"),
    [
        ("hej jag heter Björn Jönsson", "jag heter {agent}", ("Björn Jönsson", "Björn")),
        ("hej jag heter Jonsson", "jag heter {agent}", ("Björn Jönsson", "Jönsson")),
        ("välkommen till kundtjänst", "välkommen till kundtjänst", ()),
        ("valkommen till kundtjanst", "välkommen till kundtjänst", ()),
        ("guten Tag, mein Name ist Jürgen Müller", "mein Name ist {agent}", ("Jürgen Müller",)),
        ("buenos días, le atiende José", "le atiende {agent}", ("José García", "José")),
        ("bonjour, je m'appelle Zoë", "je m'appelle {agent}", ("Zoë Lefèvre", "Zoë")),
    ],
)
def test_phrases_and_names_with_diacritics_are_found(
    text: str, phrase: str, names: tuple[str, ...]
) -> None:
    call = SpokenCall(Transcript((Segment(0.0, 0.4 * len(text.split()), "agent", text),)))
    stream = call.stream("agent")
    hit = search_phrase(stream, compile_phrase(phrase), {"agent": names}, (0, len(stream)), 85)
    assert hit.status == "said"


def test_another_swedish_name_is_not_taken_for_the_agents() -> None:
    text = "hej jag heter Sven Lindqvist"
    call = SpokenCall(Transcript((Segment(0.0, 2.0, "agent", text),)))
    stream = call.stream("agent")
    names = {"agent": ("Björn Jönsson", "Björn")}
    hit = search_phrase(stream, compile_phrase("jag heter {agent}"), names, (0, len(stream)), 85)
    assert hit.status == "other_name"
