"""Write the labelled set of greetings as recognisers garble them (`tests/labelled/garbled_names/`).

What the agent truly said fixes each label, before any scoring: the business name or the agent's
name said right but heard with a sound-alike word in its place, a word split or merged, a word
dropped (label pass); another business or another name said (label fail); greetings and
disclosures led by an answer ("oh no, this is ...", "no problem, this call ...", label pass) and
real negations ("this call won't be recorded", label fail). Run from the repository root:

    python tests/labelled/make_garbled.py
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

OUT = Path(__file__).parent / "garbled_names"
SEED = 20261202  # of the committed set
SECONDS_PER_WORD = 0.36
BUSINESS = "harper valley national bank"
AGENTS = {  # id: (name, names as a recogniser writes them, another agent's or a stranger's name)
    "mary.j": ("Mary Jones", ["marry", "merry", "marie"], ["maria", "martha"]),
    "jennifer.l": ("Jennifer Lee", ["jenifer", "jennifer lee", "jenna for"], ["jessica", "janet"]),
    "jonathan.o": ("Jonathan Ortega", ["jonathon", "jon", "jonathan or tega"], ["jason", "joseph"]),
    "katherine.m": ("Katherine Moss", ["catherine", "kathryn", "kate"], ["karen", "kelly"]),
    "robert.d": ("Robert Dean", ["rob", "bob", "roberts"], ["richard", "ryan"]),
    "priya.p": ("Priya Patel", ["pre a", "pria", "preya"], ["maria", "olivia"]),
}
# The business name as recognisers heard it (said right): sound-alikes, splits, merges, drops.
HEARD_BUSINESS = [
    "happy valley national thing", "help provide the national bank", "harbor valley national bank",
    "harper valley nation bank", "harper valley national", "harpervalley national bank",
    "har per valley national bank", "harper ballet national bank", "hopper valley national bank",
    "harper valley natural bank", "harper valley national thank", "carpet valley national bank",
    "happer valley nationals bank", "harper valet national bank", "harper alley national bank",
    "her profile international bank", "harper the valley national bank", "harbour valley bank",
    "harper valley nash null bank", "arper valley national bank",
]  # fmt: skip
# Whole greetings as recognisers heard them, the business said right (from real bank calls).
HEARD_GREETINGS = [
    "hello this is happy valley national thing my name is {name}",
    "hello this is help provide the national bank my name is {name}",
    "how provide me an external bank my name is {name}",
    "regarding national bank my name is {name}",
]
OTHER_BUSINESS = [
    "first national bank", "wells fargo bank", "valley fresh foods", "harper collins publishing",
    "national grid", "acme wireless", "chase bank", "citizens national bank",
]  # fmt: skip
FRAMES = ["thank you for calling {business} my name is {name}",
          "hello this is {business} my name is {name}",
          "you've reached {business} this is {name} speaking",
          "good morning welcome to {business} my name is {name}"]  # fmt: skip
ANSWERS = ["oh no", "no problem", "no worries", "oh no no", "not at all", "no sorry", "nope"]
DISCLOSE = "this call may be recorded for quality"
NEGATED_DISCLOSURES = ["this call won't be recorded", "this call is not recorded for quality",
                       "we don't record this call"]  # fmt: skip
CUSTOMER = ["hi i have a question about my statement", "i'd like to check my balance",
            "my card was declined yesterday", "i want to set up a transfer"]  # fmt: skip
CLOSING = "is there anything else i can help you with"


def greeting(rng: random.Random, kind: str, agent: str) -> tuple[str, str]:
    """What the transcript shows for the greeting, and the greeting's label."""
    name, heard_names, other_names = AGENTS[agent]
    first = name.split()[0].lower()
    frame = rng.choice(FRAMES)
    if kind == "business_garbled":
        return frame.format(business=rng.choice(HEARD_BUSINESS), name=first), "pass"
    if kind == "greeting_garbled":
        return rng.choice(HEARD_GREETINGS).format(name=first), "pass"
    if kind == "name_garbled":
        return frame.format(business=BUSINESS, name=rng.choice(heard_names)), "pass"
    if kind == "other_business":
        return frame.format(business=rng.choice(OTHER_BUSINESS), name=first), "fail"
    if kind == "other_name":
        return frame.format(business=BUSINESS, name=rng.choice(other_names)), "fail"
    if kind == "answer_led":
        return f"{rng.choice(ANSWERS)} {frame.format(business=BUSINESS, name=first)}", "pass"
    return frame.format(business=BUSINESS, name=first), "pass"


KINDS = (["business_garbled"] * 20 + ["greeting_garbled"] * 4 + ["name_garbled"] * 10
         + ["other_business"] * 10 + ["other_name"] * 8 + ["answer_led"] * 10
         + ["clean"] * 4)  # fmt: skip


def disclosure(rng: random.Random, index: int) -> tuple[str, str]:
    """The disclosure as heard and its label: plain, led by an answer, or negated."""
    if index % 6 == 5:
        return rng.choice(NEGATED_DISCLOSURES), "fail"
    if index % 3 == 1:
        return f"{rng.choice(ANSWERS)} {DISCLOSE}", "pass"
    return DISCLOSE, "pass"


def _segment(start: float, speaker: str, text: str) -> tuple[dict[str, object], float]:
    words = [
        {"start": round(start + n * SECONDS_PER_WORD, 3),
         "end": round(start + (n + 1) * SECONDS_PER_WORD - 0.04, 3), "text": w, "confidence": 0.9}
        for n, w in enumerate(text.split())
    ]  # fmt: skip
    end = float(words[-1]["end"])  # type: ignore[arg-type]
    segment = {"start": start, "end": end, "speaker": speaker, "text": text, "words": words}
    return segment, end + 0.6


def build(index: int, rng: random.Random, kind: str) -> tuple[dict[str, object], dict[str, str]]:
    agent = rng.choice(sorted(AGENTS))
    said, greeting_label = greeting(rng, kind, agent)
    disclosed, disclosure_label = disclosure(rng, index)
    at, segments = 0.5, []
    turns = (("agent", said), ("customer", rng.choice(CUSTOMER)), ("agent", disclosed),
             ("customer", "okay"), ("agent", CLOSING))  # fmt: skip
    for speaker, text in turns:
        segment, at = _segment(at, speaker, text)
        segments.append(segment)
    call = {"format": "qa-transcript/1", "language": "en", "duration": round(at, 2),
            "engine": "whisper:tiny.en", "segments": segments,
            "call": {"call_id": f"G-{index:03d}", "agent": agent}}  # fmt: skip
    return call, {"greeting": greeting_label, "disclosure": disclosure_label}


def write(folder: Path, seed: int = SEED) -> None:
    """The set built from `seed` (the committed one by default; others give fresh sets)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for index, kind in enumerate(KINDS):
        call, labels = build(index, rng, kind)
        name = f"call_{index:03d}"
        (folder / f"{name}.json").write_text(json.dumps(call, indent=1) + "\n", encoding="utf-8")
        rows += [(name, item, verdict) for item, verdict in labels.items()]
    with (folder / "labels.csv").open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows([("call", "item", "verdict"), *rows])
    agents = "".join(f'[[agents]]\nid = "{a}"\nname = "{n}"\n\n' for a, (n, _, _) in AGENTS.items())
    (folder / "agents.toml").write_text(agents, encoding="utf-8")


if __name__ == "__main__":
    write(OUT)
