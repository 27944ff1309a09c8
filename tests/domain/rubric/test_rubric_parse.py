"""Rubric files: what parses, and every problem lint reports with its line, item and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.rubric.lint import parse_window
from qa.domain.rubric.parse import InvalidRubricError, check_rubric, load_rubric, parse_rubric
from qa.errors import RubricError

REPO = Path(__file__).resolve().parents[3]
MINIMAL = 'name = "R"\n[[items]]\nid = "a"\nany = ["hello"]\n'


@pytest.mark.parametrize("path", sorted((REPO / "rubrics").glob("*.toml")), ids=lambda p: p.name)
def test_shipped_rubrics_are_clean(path: Path) -> None:
    rubric, problems = check_rubric(path.read_text(), str(path))
    assert problems == []
    assert rubric is not None and rubric.items


def test_acme_keeps_its_item_ids() -> None:
    rubric = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
    ids = [i.id for i in rubric.items]
    assert ids == [
        "greeting",
        "disclosure",
        "protection_offer",
        "suggested_offers",
        "courtesy",
        "closing",
        "demeanor",
    ]
    assert rubric.business == ("Acme Wireless", "Acme") and rubric.pass_mark == 80
    assert len(rubric.sha256) == 64


def test_items_take_defaults_and_their_own_settings() -> None:
    rubric = parse_rubric(
        """name = "R"
version = "3"
[defaults]
threshold = 70
speaker = "any"
points = 5
[[items]]
id = "a"
any = ["hello"]
[[items]]
id = "b"
all = [["x", "y"], "z"]
threshold = 90
speaker = "customer"
within = "last 2m"
when = { any = ["new phone"] }
before = { any = ["balance"] }
applies_to = { queue = "sales" }
"""
    )
    a, b = rubric.items
    assert (a.threshold, a.speaker, a.points, a.kind) == (70, "any", 5, "any")
    assert b.groups == (("x", "y"), ("z",)) and b.threshold == 90 and b.speaker == "customer"
    assert b.within is not None and b.within.bounds(0, 300) == (180, 300)
    assert b.when is not None and b.when.speaker == "customer" and b.when.phrases == ("new phone",)
    assert b.before is not None and b.before.speaker == "any"
    assert b.applies_to == (("queue", ("sales",)),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("first 30s", ("first", 0, 30)),
        ("last 45 s", ("last", 0, 45)),
        ("first 2m", ("first", 0, 120)),
        ("30s-90s", ("range", 30, 90)),
        ("1-2min", ("range", 60, 120)),
    ],
)
def test_within_forms(text: str, expected: tuple[str, float, float]) -> None:
    window = parse_window(text)
    assert window is not None and (window.anchor, window.start, window.end) == expected


@pytest.mark.parametrize("text", ["early", "first", "90s-30s", "first -3s", "next 30s", ""])
def test_bad_within_is_none(text: str) -> None:
    assert parse_window(text) is None


BROKEN = """name = "Broken"
pass_mark = 120
[defaults]
threshld = 80
[[items]]
id = "a"
withn = "first 30s"
any = ["hi {agnt}"]
all = [["x"]]
points = -3
[[items]]
id = "a"
none = []
within = "early"
when = { any = ["x"], speakr = "customer" }
[[items]]
id = "c"
label = "nothing to check"
[[items]]
id = "d"
any = ["thank you for calling {business}"]
threshold = 101
"""


def test_lint_lists_every_problem_with_line_item_and_key() -> None:
    _, problems = check_rubric(BROKEN, "broken.toml")
    text = [str(p) for p in problems]
    expected = [
        "broken.toml:2: `pass_mark` must be between 0 and 100",
        "broken.toml:4: unknown key `threshld` — did you mean `threshold`?",
        "broken.toml:7: item 'a': unknown key `withn` — did you mean `within`?",
        "broken.toml:8: item 'a': `any` uses unknown placeholder `{agnt}` in 'hi {agnt}'",
        "broken.toml:10: item 'a': `points` must not be negative",
        "broken.toml:12: item 'a': duplicate id `a`",
        "broken.toml:13: item 'a': `none` has an empty phrase list or an empty phrase",
        "broken.toml:14: item 'a': `within` is 'early'; use "
        '"first 30s", "last 45s" or "30s-90s"',
        "broken.toml:15: item 'a': unknown key `speakr` — did you mean `speaker`?",
    ]
    for line in expected:
        assert line in text
    assert any("item 'a'" in t and "conflicts: `any` and `all`" in t for t in text)
    assert any("item 'c'" in t and "none of any/all/none/each/manual" in t for t in text)
    assert any("`{business}`" in t and "item 'd'" in t for t in text)  # no business list
    assert any("item 'd'" in t and "`threshold` must be between 0 and 100" in t for t in text)


def test_toml_syntax_error_names_line_and_column() -> None:
    rubric, problems = check_rubric('name = "R"\n[[items]\nid = "a"\n', "x.toml")
    assert rubric is None and len(problems) == 1
    assert str(problems[0]).startswith("x.toml:2:")
    assert "TOML syntax" in str(problems[0])


def test_parse_rubric_raises_a_rubric_error_counting_the_rest() -> None:
    with pytest.raises(RubricError) as caught:
        parse_rubric(BROKEN, "broken.toml")
    assert isinstance(caught.value, InvalidRubricError)
    assert "more" in caught.value.message and "qa rubric lint" in caught.value.hint
    assert len(caught.value.problems) >= 10


@pytest.mark.parametrize(
    "snippet",
    [
        'points = "ten"',
        "points = true",
        'speaker = "boss"',
        "manual = false",
        "critical = 1",
        'applies_to = "sales"',
        'when = "new phone"',
        "any = [1, 2]",
    ],
)
def test_wrong_types_are_problems_not_exceptions(snippet: str) -> None:
    text = MINIMAL.replace('any = ["hello"]\n', 'any = ["hello"]\n' + snippet + "\n")
    if snippet.startswith("any") or snippet.startswith("manual"):
        text = f'name = "R"\n[[items]]\nid = "a"\n{snippet}\n'
    rubric, problems = check_rubric(text, "t.toml")
    assert problems or (rubric is not None and rubric.items[0].critical is False)


def test_load_rubric_of_a_missing_file_is_a_rubric_error(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="Cannot read rubric"):
        load_rubric(tmp_path / "nope.toml")
