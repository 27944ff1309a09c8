"""`qa show` tells the whole story of a call: overrides with who and why, comments, the agent's
self-assessment, and disputes or acknowledgements (table and --json)."""
# ruff: noqa: F811  (the `centre` fixture is imported, then named as a test argument)

from __future__ import annotations

import json

from qa.domain.scorecard import Verdict
from tests.pipeline.export.test_export_data import COMMENT, DISPUTE, OVERRIDE_REASON, Centre, centre  # noqa: F401


def test_show_json_has_overrides_comments_and_responses(centre: Centre) -> None:
    ran = centre.qa("show", "C-1", "--json")
    assert ran.code == 0, ran.error
    shown = json.loads(ran.out)
    review = shown["review"]
    assert review["state"] == "final" and review["reviewed_by"] == "maria"
    assert review["overrides"] == [
        {"item": "closing", "auto_verdict": "fail", "verdict": "pass", "by": "maria",
         "reason": OVERRIDE_REASON}
    ]  # fmt: skip
    assert [(c["author"], c["text"], c["item"]) for c in shown["comments"]] == [
        ("maria", COMMENT, "greeting")
    ]
    assert shown["disputes"] == [] and shown["self_assessment"] == {}
    disputed = json.loads(centre.qa("show", "C-3", "--json").out)["disputes"]
    assert [(d["item"], d["raised_by"], d["reason"], d["status"]) for d in disputed] == [
        ("disclosure", "sarah.k", DISPUTE, "open")
    ]


def test_show_has_the_agents_self_assessment(centre: Centre) -> None:
    with centre.store() as store:
        card = store.reviewed_card(centre.ids["C-2"])
        assert card is not None
        store.add_self_verdict(centre.ids["C-2"], card.id, "greeting", Verdict.FAIL, "sarah")
    shown = json.loads(centre.qa("show", "C-2", "--json").out)
    assert shown["self_assessment"] == {"sarah": {"greeting": "fail"}}
    assert [d["status"] for d in shown["disputes"]] == ["acknowledged"]
    text = centre.qa("show", "C-2").out
    assert "Self-assessment by sarah: greeting fail" in text
    assert "Agent response sarah.k acknowledged the scorecard" in text


def test_show_tells_overrides_in_words(centre: Centre) -> None:
    text = centre.qa("show", "C-1").out
    assert "Review: final by maria" in text
    assert f"closing: changed from fail to pass by maria: {OVERRIDE_REASON}" in text
    assert f"Comment maria on greeting: {COMMENT}" in text
