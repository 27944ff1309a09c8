"""`qa report` in a terminal: figures per agent, team, item and period, worked out by hand."""
# ruff: noqa: F811  (the `centre` fixture is imported, then named as a test argument)

from __future__ import annotations

import re

import pytest

from tests.pipeline.export.test_export_data import Centre, centre  # noqa: F401


def rows(out: str) -> dict[str, list[str]]:
    """Table rows by their first cell."""
    found = {}
    for line in out.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line) if c.strip()]
        if cells:
            found[cells[0]] = cells[1:]
    return found


def test_per_agent(centre: Centre) -> None:
    ran = centre.qa("report", "--include-provisional")
    assert ran.code == 0, ran.error
    table = rows(ran.out)
    # Sarah: 100, 100, 0 -> mean 66.7; 2 of 3 passed; C-3 auto-fails; offers 2 of 2 (C-3 N/A)
    # measured C-1 (0.6, 30 s, not monotone) and C-2 (0.4, 10 s, monotone); only C-1 is final
    assert table["Sarah Kim"] == ["3", "1", "66.7", "67%", "1", "100%", "50%", "20", "50%"]
    # Tom: 75 and 100 (provisional) -> 87.5; C-5 passes; offers C-4 fail, C-5 pass -> 50 %
    assert table["Tom Brown"] == ["2", "0", "87.5", "50%", "0", "50%", "50%", "70", "-"]
    assert "up-sell goal 80%" in ran.out and "5 scored calls." in ran.out
    assert "Means over 5 scorecards, 4 of them provisional." in ran.out


def test_means_count_final_scores_and_say_what_they_leave_out(centre: Centre) -> None:
    ran = centre.qa("report")
    assert ran.code == 0, ran.error
    table = rows(ran.out)
    # only C-1 (Sarah, 100, finalized by maria) is final; Tom has no final score yet
    assert table["Sarah Kim"][:4] == ["3", "1", "100.0", "100%"]
    assert table["Tom Brown"][:4] == ["2", "0", "-", "-"]
    assert "Means over 1 final scorecard; 4 provisional ones left out" in ran.out
    assert "--include-provisional" in ran.out


def test_the_offer_goal_comes_from_qa_toml(centre: Centre) -> None:
    settings = centre.ws.root / "qa.toml"
    text = settings.read_text(encoding="utf-8").replace("offer_goal = 0.8", "offer_goal = 0.5")
    settings.write_text(text, encoding="utf-8")
    assert "up-sell goal 50%" in centre.qa("report").out


def test_per_item_worst_first(centre: Centre) -> None:
    out = centre.qa("report", "--by", "item").out
    order = [
        line.split()[1]
        for line in out.splitlines()
        if re.match(r"^\W*(greeting|disclosure|suggested_offers|closing)\b", line.strip("│ "))
    ]
    assert order == ["suggested_offers", "disclosure", "greeting", "closing"]
    table = rows(out)
    offers = next(v for k, v in table.items() if k.startswith("suggested_offers"))
    assert offers == ["Sales", "75%", "3", "1", "1", "0", "0"]  # 3 of 4 decided passed
    closing = next(v for k, v in table.items() if k.startswith("closing"))
    assert closing[1:] == ["100%", "5", "0", "0", "0", "1"]  # one verdict overridden


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "week",
            {
                "2026-W45": ["2", "1", "100.0"],
                "2026-W46": ["2", "0", "37.5"],
                "2026-W49": ["1", "0", "100.0"],
            },
        ),  # fmt: skip
        ("month", {"2026-11": ["4", "1", "68.8"], "2026-12": ["1", "0", "100.0"]}),
        ("team", {"Care": ["2", "0", "87.5"], "Sales": ["3", "1", "66.7"]}),
    ],
)
def test_per_period_and_team(centre: Centre, by: str, expected: dict[str, list[str]]) -> None:
    table = rows(centre.qa("report", "--by", by, "--include-provisional").out)
    for key, start in expected.items():
        assert table[key][:3] == start


def test_filters_and_agent_logins(centre: Centre) -> None:
    assert "Tom Brown" not in centre.qa("report", "--since", "2026-11-01", "--team", "Sales").out
    own = centre.qa("report", login="tom").out
    assert "Tom Brown" in own and "Sarah Kim" not in own


def test_bad_grouping_exits_2(centre: Centre) -> None:
    ran = centre.qa("report", "--by", "quarter")
    assert ran.code == 2 and "Cannot group by 'quarter'" in ran.error
