"""Any text given as a rubric yields a Rubric or a RubricError, never another exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.domain.rubric.parse import parse_rubric
from qa.errors import RubricError

KEYS = [
    "id",
    "any",
    "all",
    "none",
    "each",
    "manual",
    "within",
    "points",
    "threshold",
    "speaker",
    "when",
    "before",
    "applies_to",
    "critical",
    "label",
    "withn",
    "name",
    "business",
]
scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-5, 200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.text(max_size=12), max_size=3),
    st.lists(st.lists(st.text(max_size=8), max_size=2), max_size=2),
    st.sampled_from(["first 30s", "last 2m", "10s-20s", "soon", "{agent} hi", "{x}", "{"]),
)
tables = st.dictionaries(st.sampled_from(KEYS), scalars, max_size=6)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _render(top: dict[str, object], items: list[dict[str, object]]) -> str:
    lines = [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    for item in items:
        lines.append("[[items]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


@settings(max_examples=120, deadline=None)
@given(top=tables, items=st.lists(tables, max_size=4))
def test_structured_input_gives_a_rubric_or_a_rubric_error(
    top: dict[str, object], items: list[dict[str, object]]
) -> None:
    try:
        rubric = parse_rubric(_render(top, items))
    except RubricError as error:
        assert error.message
    else:
        assert rubric.items and all(0 <= i.threshold <= 100 and i.points >= 0 for i in rubric.items)


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_rubric_or_a_rubric_error(text: str) -> None:
    try:
        parse_rubric(text)
    except RubricError:
        pass
