"""Calibration through the CLI: blind assignments, verdicts kept apart, agreement by hand."""
# ruff: noqa: F811  (the `centre` fixture is imported, then named as a test argument)

from __future__ import annotations

import re

import pytest

from tests.pipeline.export.test_export_data import CALLS, Centre, centre  # noqa: F401

# Blind verdicts on "closing" for all five calls (maria and li: Cohen's kappa), worked by hand:
#   agree on calls 1, 3, 4 -> 3/5 = 60 %; both gave pass 3x, fail 2x -> chance (9 + 4)/25 = 0.52
#   kappa = (0.60 - 0.52) / (1 - 0.52) = 0.1667
# Against the automatic verdicts (fail, pass, pass, pass, pass), pooling both supervisors:
#   4 of 10 pairs agree -> 40 %; humans pass 6/10, scorer pass 8/10 -> chance 0.48 + 0.08 = 0.56
#   kappa = (0.40 - 0.56) / 0.44 = -0.3636
CLOSING = {"maria": "PPFPF", "li": "PFFPP"}
# "greeting" by three supervisors on C-1, C-2, C-4 (Fleiss' kappa):
#   per call pair agreement 1, 1/3, 1 -> observed 7/9; pass 5 of 9 ratings, fail 4 ->
#   chance 25/81 + 16/81 = 41/81; kappa = (63/81 - 41/81) / (40/81) = 22/40 = 0.55
GREETING = {"maria": "PPF", "li": "PPF", "omar": "PFF"}
VERDICT = {"P": "pass", "F": "fail"}


def _sample(centre: Centre, refs: list[str]) -> int:
    with centre.store() as store:
        members = [(centre.ids[r], CALLS[r][0]) for r in refs]
        return store.save_sample({}, 1, "tester", {}, members)


def _row(out: str, title: str, item: str) -> list[str]:
    section = out[out.index(title) :]
    line = next(line for line in section.splitlines() if line.strip("│ ").startswith(item))
    return [cell.strip() for cell in re.split(r"[│|]", line) if cell.strip()]


def _record(centre: Centre, who: str, refs: list[str], item: str, verdicts: str) -> None:
    for ref, letter in zip(refs, verdicts, strict=True):
        ran = centre.qa(
            "calibrate", "--score", ref, "--item", item, "--verdict", VERDICT[letter], login=who
        )
        assert ran.code == 0, ran.error
        assert ran.out.startswith("Recorded") and "maria" not in ran.out.replace(who, "")


def test_two_supervisors_cohen_kappa_by_hand(centre: Centre) -> None:
    refs = list(CALLS)
    sample = _sample(centre, refs)
    started = centre.qa("calibrate", "--sample", str(sample), "--supervisors", "maria, li")
    assert started.code == 0, started.error
    assert "5 calls" in started.out and "maria, li" in started.out
    for who, verdicts in CLOSING.items():
        _record(centre, who, refs, "closing", verdicts)
    out = centre.qa("report", "--calibration", "1").out
    assert _row(out, "Between supervisors", "closing") == [
        "closing",
        "5",
        "2",
        "60%",
        "0.17 (cohen)",
    ]
    assert _row(out, "automatic scorer", "closing") == ["closing", "5", "2", "40%", "-0.36 (cohen)"]
    assert "maria: 5 of 20 item verdicts" in out


def test_three_supervisors_fleiss_kappa_by_hand(centre: Centre) -> None:
    refs = ["C-1", "C-2", "C-4"]
    sample = _sample(centre, refs)
    centre.qa("calibrate", "--sample", str(sample), "--supervisors", "maria,li,omar")
    for who, verdicts in GREETING.items():
        _record(centre, who, refs, "greeting", verdicts)
    out = centre.qa("report", "--calibration", "1").out
    assert _row(out, "Between supervisors", "greeting") == [
        "greeting",
        "3",
        "3",
        "78%",
        "0.55 (fleiss)",
    ]


def test_a_later_verdict_replaces_the_earlier_and_the_scorecard_is_untouched(
    centre: Centre,
) -> None:
    sample = _sample(centre, ["C-2"])
    centre.qa("calibrate", "--sample", str(sample), "--supervisors", "maria,li")
    with centre.store() as store:
        before = store.reviewed_card(centre.ids["C-2"])
        audit = len(store.audit_events("scorecard"))
    _record(centre, "maria", ["C-2"], "closing", "F")
    _record(centre, "maria", ["C-2"], "closing", "P")
    _record(centre, "li", ["C-2"], "closing", "P")
    out = centre.qa("report", "--calibration", "1").out
    assert _row(out, "Between supervisors", "closing")[:4] == ["closing", "1", "2", "100%"]
    with centre.store() as store:
        assert store.reviewed_card(centre.ids["C-2"]) == before
        assert len(store.audit_events("scorecard")) == audit
        assert store.audit_events("calibration")[0]["actor"] == "tester"


@pytest.mark.parametrize(
    ("args", "login", "message"),
    [
        (("--sample", "1", "--supervisors", "maria"), "tester", "at least two supervisors"),
        (("--sample", "1", "--supervisors", "maria,sarah"), "tester", "Not supervisors"),
        (("--sample", "1", "--supervisors", "maria,li"), "tom", "agent's login"),
        (("--sample", "9", "--supervisors", "maria,li"), "tester", "No sample 9"),
        (("--sample", "1"), "tester", "needs --supervisors"),
        (
            ("--score", "C-1", "--item", "closing", "--verdict", "maybe"),
            "maria",
            "pass, fail or na",
        ),
        (("--score", "C-1", "--item", "closing", "--verdict", "pass"), "omar", "assignment"),
        (("--score", "C-1", "--item", "tone", "--verdict", "pass"), "maria", "no item 'tone'"),
        ((), "tester", "either --sample or --score"),
    ],
)
def test_refusals_are_one_sentence_and_exit_2(
    centre: Centre, args: tuple[str, ...], login: str, message: str
) -> None:
    centre.qa("calibrate", "--sample", "1", "--supervisors", "maria,li")
    ran = centre.qa("calibrate", *args, login=login)
    assert ran.code == 2 and message in ran.error


def test_agents_cannot_see_calibration_figures(centre: Centre) -> None:
    centre.qa("calibrate", "--sample", "1", "--supervisors", "maria,li")
    ran = centre.qa("report", "--calibration", "1", login="sarah")
    assert ran.code == 2 and "agent's login" in ran.error


class TestSubcommands:
    """`qa calibrate start|score|report` do what the old `--sample`/`--score` forms do."""

    def test_start_score_report_give_the_figures_of_the_old_forms(self, centre: Centre) -> None:
        refs = list(CALLS)
        sample = _sample(centre, refs)
        started = centre.qa("calibrate", "start", str(sample), "--supervisors", "maria, li")
        assert started.code == 0, started.error
        assert "5 calls" in started.out and "maria, li" in started.out
        for who, verdicts in CLOSING.items():
            for ref, letter in zip(refs, verdicts, strict=True):
                args = ("score", ref, "--item", "closing", "--verdict", VERDICT[letter])
                ran = centre.qa("calibrate", *args, login=who)
                assert ran.code == 0 and ran.out.startswith("Recorded"), ran.error
        out = centre.qa("calibrate", "report", "1").out
        assert _row(out, "Between supervisors", "closing")[1:4] == ["5", "2", "60%"]
        assert out == centre.qa("report", "--calibration", "1").out

    def test_agents_cannot_see_the_report(self, centre: Centre) -> None:
        centre.qa("calibrate", "start", "1", "--supervisors", "maria,li")
        ran = centre.qa("calibrate", "report", "1", login="sarah")
        assert ran.code == 2 and "agent's login" in ran.error

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("start", "1"), "needs --supervisors"),
            (("--sample", "1", "start", "1"), "Put the options after the action"),
            (("report", "7"), "No calibration"),
        ],
    )
    def test_refusals_are_one_sentence_and_exit_2(
        self, centre: Centre, args: tuple[str, ...], message: str
    ) -> None:
        ran = centre.qa("calibrate", *args)
        assert ran.code == 2 and message in ran.error
