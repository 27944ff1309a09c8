"""Calibration: supervisors score the same calls blind; agreement per item, and with the scorer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qa.domain.calibration.agreement import ItemAgreement, item_agreement, scorer_agreement
from qa.domain.review.review import DECIDED, review_role
from qa.domain.scorecard import Verdict
from qa.errors import BadInputError
from qa.pipeline.review.review import check_reviewer
from qa.storage.calibration_store import AUTOMATIC, CalibrationSession
from qa.storage.store import Store
from qa.workspace import Workspace

MIN_SUPERVISORS = 2


@dataclass(frozen=True, slots=True)
class CalibrationAgreement:
    """A session's agreement: among supervisors, and of supervisors with the automatic scorer."""

    session: CalibrationSession
    between: tuple[ItemAgreement, ...]
    with_scorer: tuple[ItemAgreement, ...]
    rated: dict[str, int]  # item verdicts recorded per supervisor
    expected_per_supervisor: int  # item verdicts each supervisor was asked for


def supervisor_list(text: str) -> list[str]:
    """Logins from "a,b,c" (spaces ignored, duplicates dropped, order kept)."""
    return list(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))


def _check_supervisors(ws: Workspace, store: Store, supervisors: list[str]) -> None:
    if len(supervisors) < MIN_SUPERVISORS:
        raise BadInputError(
            "Calibration needs at least two supervisors.", hint="Name them: --supervisors a,b,c"
        )
    agent_logins = {a.login for a in store.agents()}
    access = ws.section("access")
    strangers = [
        s
        for s in supervisors
        if review_role(s, access, agent_logins)
        not in (
            "admin",
            "supervisor",
        )
    ]
    if strangers:
        raise BadInputError(
            f"Not supervisors of this workspace: {', '.join(strangers)}.",
            hint=f"List them under [access] supervisors in {ws.root / 'qa.toml'}.",
        )


def start_calibration(
    ws: Workspace, store: Store, login: str, sample_id: int, supervisors: list[str]
) -> CalibrationSession:
    """Assign the sample's scored calls to every supervisor named, blind to each other."""
    check_reviewer(login, ws, {a.login for a in store.agents()})
    _check_supervisors(ws, store, supervisors)
    store.sample(sample_id)  # NotFoundError names a missing sample
    return store.create_calibration(sample_id, supervisors, login)


def parse_verdict(text: str) -> Verdict:
    """A calibration verdict: pass, fail or na."""
    try:
        verdict = Verdict(text.strip().lower())
    except ValueError:
        verdict = Verdict.PENDING
    if verdict not in DECIDED:
        raise BadInputError(f"A calibration verdict is pass, fail or na, not {text!r}.")
    return verdict


def record_verdict(
    ws: Workspace,
    store: Store,
    login: str,
    call_ref: str,
    item_id: str,
    verdict: str,
    calibration_id: int | None = None,
) -> int:
    """Record `login`'s blind verdict on one item of an assigned call; returns the session id."""
    check_reviewer(login, ws, {a.login for a in store.agents()})
    decided = parse_verdict(verdict)
    call = store.call_by_ref(call_ref)
    return store.record_calibration_verdict(call.id, login, item_id, decided.value, calibration_id)


def calibration_agreement(
    ws: Workspace, store: Store, login: str, calibration_id: int
) -> CalibrationAgreement:
    """Per-item agreement of a session (percent and Cohen's or Fleiss' kappa)."""
    check_reviewer(login, ws, {a.login for a in store.agents()})
    found = store.calibration_ratings(calibration_id)
    supervisors = found.session.supervisors
    per_supervisor = found.expected // max(len(supervisors), 1)
    rated = Counter(r.rater for r in found.ratings)
    return CalibrationAgreement(
        session=found.session,
        between=tuple(item_agreement(found.ratings)),
        with_scorer=tuple(scorer_agreement([*found.ratings, *found.automatic], AUTOMATIC)),
        rated={s: rated.get(s, 0) for s in supervisors},
        expected_per_supervisor=per_supervisor,
    )
