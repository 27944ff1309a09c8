"""`qa check` with rubrics, agent names and transcripts in Swedish, German, Spanish and French."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from qa.cli import app

runner = CliRunner()


class Language(NamedTuple):
    business: str
    agent: str
    greeting: tuple[str, str]  # (business phrase, name phrase)
    improve: str  # a required phrase with diacritics
    prohibited: str
    said: str  # the agent's opening, in the language, with the improvement phrase
    rude: str  # the agent says the prohibited phrase


LANGUAGES = {
    "sv": Language("Kundtjänst Öresund", "Björn Jönsson", ("välkommen till {business}",
                   "jag heter {agent}"), "vi vill förbättra", "lugna ner dig",
                   "Hej och välkommen till Kundtjänst Öresund, jag heter Jönsson. "
                   "Vi vill förbättra vår service.", "Du måste lugna ner dig."),
    "de": Language("Müller Telekom", "Jürgen Weiß", ("willkommen bei {business}",
                   "mein Name ist {agent}"), "gespräch wird aufgezeichnet", "beruhigen sie sich",
                   "Willkommen bei Müller Telekom, mein Name ist Jürgen Weiß. Dieses Gespräch "
                   "wird aufgezeichnet.", "Jetzt beruhigen Sie sich bitte."),
    "es": Language("Telefónica Año", "José Muñoz", ("gracias por llamar a {business}",
                   "le atiende {agent}"), "esta llamada será grabada", "cálmese",
                   "Gracias por llamar a Telefónica Año, le atiende José. Esta llamada será "
                   "grabada.", "Señor, cálmese ahora."),
    "fr": Language("Sécurité Étoile", "Zoë Lefèvre", ("bienvenue chez {business}",
                   "je m'appelle {agent}"), "cet appel est enregistré", "calmez-vous",
                   "Bienvenue chez Sécurité Étoile, je m'appelle Zoë. Cet appel est "
                   "enregistré.", "Madame, calmez-vous."),
}  # fmt: skip


def _workspace(tmp_path: Path, lang: Language, agent_text: str) -> tuple[Path, Path]:
    rubric = tmp_path / "rubric.toml"
    rubric.write_text(
        f'name = "{lang.business}"\nversion = "1"\nbusiness = ["{lang.business}"]\n'
        "[[items]]\n"
        'id = "greeting"\n'
        f'all = [["{lang.greeting[0]}"], ["{lang.greeting[1]}"]]\n'
        "[[items]]\n"
        'id = "improve"\n'
        f'any = ["{lang.improve}"]\n'
        "[[items]]\n"
        'id = "courtesy"\n'
        f'none = ["{lang.prohibited}"]\n'
        "critical = true\n",
        encoding="utf-8",
    )
    (tmp_path / "agents.toml").write_text(
        f'[[agents]]\nid = "a1"\nname = "{lang.agent}"\n', encoding="utf-8"
    )
    transcript = tmp_path / "call.json"
    customer = {"start": 7.0, "end": 9.0, "speaker": "customer", "text": "Ja, tack. Danke."}
    segments = [{"start": 0.5, "end": 6.0, "speaker": "agent", "text": agent_text}, customer]
    transcript.write_text(
        json.dumps({"format": "qa-transcript/1", "segments": segments}, ensure_ascii=False),
        encoding="utf-8",
    )
    return rubric, transcript


@pytest.fixture(autouse=True)
def _outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # agents.toml beside the transcript, not a workspace's


def _verdicts(tmp_path: Path, lang: Language, agent_text: str) -> dict[str, str]:
    rubric, transcript = _workspace(tmp_path, lang, agent_text)
    done = runner.invoke(
        app, ["check", str(transcript), "--rubric", str(rubric), "--agent", "a1", "--json"]
    )
    assert done.exit_code == 0, done.output
    return {i["id"]: i["verdict"] for i in json.loads(done.stdout)["items"]}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_good_call_in_the_language_passes(tmp_path: Path, code: str) -> None:
    lang = LANGUAGES[code]
    verdicts = _verdicts(tmp_path, lang, lang.said)
    assert verdicts == {"greeting": "pass", "improve": "pass", "courtesy": "pass"}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_prohibited_phrase_in_the_language_fails(tmp_path: Path, code: str) -> None:
    lang = LANGUAGES[code]
    verdicts = _verdicts(tmp_path, lang, f"{lang.said} {lang.rude}")
    assert verdicts["courtesy"] == "fail"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_words_with_their_accents_dropped_still_pass(tmp_path: Path, code: str) -> None:
    """An engine that writes "forbattra" for "förbättra": a look-alike of every word."""
    import unicodedata

    lang = LANGUAGES[code]
    plain = "".join(
        c for c in unicodedata.normalize("NFD", lang.said) if not unicodedata.combining(c)
    )
    verdicts = _verdicts(tmp_path, lang, plain.replace("ß", "ss"))
    assert verdicts["improve"] == "pass"
    assert verdicts["greeting"] in ("pass", "uncertain")  # never a fail on accents alone
