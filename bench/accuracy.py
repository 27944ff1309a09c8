"""Scoring accuracy on many fresh labelled sets: the committed 64 calls are too few to judge
an F1 target by (one call moves an item with 13 passes by 0.04).

Each seed builds 64 new calls with `tests/labelled/make_labelled.py` (its behaviours, labels
and names) and puts them through `tests/labelled/asr_noise.py` at the given word error rate;
all seeds are pooled and compared with `qa eval`'s own code. Seeds other than the committed
set's give calls the scorer was not developed on.

    python bench/accuracy.py [--seeds 101-110] [--wer 0.15] [--rubric rubrics/acme_inbound.toml]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from qa.domain.calibration.evaluation import EvalReport, Label, evaluate, read_labels
from qa.domain.rubric.parse import load_rubric
from qa.domain.rubric.rubric import Rubric
from qa.domain.scorecard import Scorecard
from qa.pipeline.access.agents import read_agents_file
from qa.pipeline.scoring.check import score_folder

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "labelled"))
import make_labelled  # noqa: E402


def seed_range(text: str) -> list[int]:
    """ "101-110" or "3,5,8" as a list of seeds."""
    if "-" in text:
        low, high = text.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(s) for s in text.split(",")]


def score_seed(
    seed: int, wer: float, rubric: Rubric, folder: Path
) -> tuple[list[Label], dict[str, Scorecard]]:
    """Labels and scorecards of one fresh set, call names prefixed with the seed (pooled
    afterwards, so not `evaluate_folder`, which compares one folder)."""
    calls = make_labelled.labelled_calls(seed, wer, noise_seed=seed * 1000)
    make_labelled.write(folder, calls)
    labels = read_labels((folder / "labels.csv").read_text(encoding="utf-8"))
    cards = score_folder(folder, rubric, read_agents_file(folder / "agents.toml"))
    prefix = f"s{seed}/"
    return (
        [Label(prefix + label.call, label.item, label.verdict) for label in labels],
        {prefix + name: card for name, card in cards.items()},
    )


def print_report(report: EvalReport, labels: list[Label]) -> None:
    print(f"{'item':18} {'passes':>6} {'prec':>6} {'recall':>6} {'F1':>6} {'kappa':>6} "
          f"{'uncert':>6} {'false pass':>10}")  # fmt: skip
    for acc in report.items:
        passes = sum(1 for lab in labels if lab.item == acc.item and lab.verdict == "pass")
        print(f"{acc.item:18} {passes:6} {acc.precision:6.3f} {acc.recall:6.3f} {acc.f1:6.3f} "
              f"{acc.kappa:6.3f} {acc.uncertain:6} {acc.false_passes:10}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="101-110")
    parser.add_argument("--wer", type=float, default=make_labelled.WER)
    parser.add_argument("--rubric", type=Path, default=REPO / "rubrics" / "acme_inbound.toml")
    args = parser.parse_args()
    seeds = seed_range(args.seeds)
    labels: list[Label] = []
    cards: dict[str, Scorecard] = {}
    rubric = load_rubric(args.rubric)
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            more_labels, more_cards = score_seed(seed, args.wer, rubric, Path(tmp) / str(seed))
            labels += more_labels
            cards.update(more_cards)
    print(f"{len(seeds)} sets x {make_labelled.CALLS} calls (seeds {args.seeds}), "
          f"{args.wer:.0%} word error rate, {args.rubric.name}")  # fmt: skip
    print_report(evaluate(labels, cards), labels)


if __name__ == "__main__":
    main()
