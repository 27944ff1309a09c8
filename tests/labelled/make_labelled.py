"""Write the labelled calls for `qa eval`: clean transcripts and the same calls at 15 % WER.

Each call is assembled from scripted behaviours (a paraphrased greeting, a wrong name, a
disclosure said too late, a negated offer...) and its labels are the verdicts those behaviours
deserve by the author's intent, fixed here before any scoring. Run from the repository root:

    python tests/labelled/make_labelled.py
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from asr_noise import add_noise  # noqa: E402

HERE = Path(__file__).parent
CALLS = 64
WER = 0.15
SECONDS_PER_WORD = 0.36
GAP = 0.7
AGENTS = {  # id: (name, aliases, what ASR makes of the name, a clearly different name)
    "sarah.k": ("Sarah Kim", ["Sara"], ["Sera", "Sarrah"], ["Sam", "Jessica"]),
    "daniel.o": ("Daniel Ortiz", ["Dan", "Danny"], ["Danial", "Daniele"], ["Michael", "Brian"]),
    "priya.p": ("Priya Patel", [], ["Pria", "Preya"], ["Maria", "Olivia"]),
    "tom.b": ("Tom Becker", ["Tommy"], ["Thom", "Tomm"], ["Kevin", "Jack"]),
}
OFFERS = {
    "family plan": "We also have a family plan that could save you money.",
    "international pass": "Since you travel, have you looked at our international pass?",
    "cloud storage": "You can add cloud storage for two dollars a month.",
    "streaming bundle": "There is also a streaming bundle with three services included.",
}
AGENT_TALK = [
    "Let me pull up your account.",
    "Can you confirm the billing address on file?",
    "I see the charge from last month here.",
    "That should be fixed within two business days.",
    "I have applied a credit to your account.",
    "One moment while I check that for you.",
    "Your next bill will show the adjustment.",
    "I can see you have been with us for three years.",
    "I understand, that is frustrating.",
    "I have updated the address for you.",
    "The technician can come on Tuesday morning.",
    "I will send you a text with the details.",
]
CUSTOMER_TALK = [
    "Sure, it is forty two Maple Street.",
    "I was charged twice this month.",
    "Okay, that sounds good.",
    "How long will that take?",
    "My internet keeps dropping at night.",
    "Alright.",
    "Yes, that is right.",
    "I have been waiting for an hour already.",
    "Can you send that by email?",
    "Tuesday works for me.",
    "And the bill is wrong again.",
]


def greeting(rng: random.Random, agent: str) -> tuple[list[str], str, float]:
    """Greeting lines, their label, and the silence before them (a late greeting)."""
    name, aliases, misheard, others = AGENTS[agent]
    first = name.split()[0]
    said = rng.choice([name, first, *aliases])
    biz = rng.choice(["Acme Wireless", "Acme"])
    kind = rng.choice(
        ["ok", "ok", "ok", "misheard", "wrong_name", "wrong_business", "no_name", "late"]
    )
    if kind == "misheard":
        said = rng.choice(misheard)
    if kind == "wrong_name":
        said = rng.choice(others)
    if kind == "wrong_business":
        biz = rng.choice(["Verizon", "Vodafone", "Sprint"])
    forms = [
        f"Thank you for calling {biz}, my name is {said}, how can I help you today?",
        f"Thanks for calling {biz}, this is {said}. How may I help?",
        f"You've reached {biz}, {said} speaking. What can I do for you?",
        f"Good morning and thank you for calling {biz}. My name's {said}.",
        f"Welcome to {biz}, I'm {said}. How can I help?",
    ]
    if kind == "no_name":
        forms = [f"Thank you for calling {biz}, how can I help you today?"]
    label = "pass" if kind in ("ok", "misheard", "late") else "fail"
    return (
        [rng.choice(forms)],
        ("fail" if kind == "late" else label),
        (36.0 if kind == "late" else 0.0),
    )


def disclosure(rng: random.Random) -> tuple[str, str]:
    """Where the disclosure goes (early, late, customer, none, garbled) and its label."""
    return rng.choice(
        [
            ("early", "pass"),
            ("early", "pass"),
            ("garbled", "pass"),
            ("late", "fail"),
            ("customer", "fail"),
            ("none", "fail"),
        ]
    )


DISCLOSURES = [
    "This call may be recorded for quality and training purposes.",
    "Just so you know, this call is recorded for quality.",
    "Please note this call may be monitored or recorded.",
]
GARBLED = [
    "This cal may be recoded for quality purposes.",
    "Just so you know this call is record it for quality.",
]


def build(index: int, rng: random.Random) -> tuple[dict[str, object], dict[str, str]]:
    agent = rng.choice(sorted(AGENTS))
    turns: list[tuple[str, str, float]] = []  # speaker, text, silence before
    labels: dict[str, str] = {}
    lines, labels["greeting"], pause = greeting(rng, agent)
    if pause:
        turns += [("customer", "Hello? Hello?", 0.0), ("customer", "Is anyone there?", 2.0)]
    turns += [("agent", line, pause) for line in lines]
    where, labels["disclosure"] = disclosure(rng)
    if where == "early":
        turns.append(("agent", rng.choice(DISCLOSURES), 0.0))
    if where == "garbled":
        turns.append(("agent", rng.choice(GARBLED), 0.0))
    if where == "customer":
        turns.append(
            (
                "customer",
                "Wait, is this call being recorded? This call may be recorded, right?",
                0.0,
            )
        )
    protection = rng.choice(
        ["none", "none", "offered", "offered", "missed", "negated", "before", "not_buying"]
    )
    if protection == "before":
        turns.append(("agent", "By the way, device protection is half price this week.", 0.0))
    trigger = {
        "offered": "I want to upgrade my phone.",
        "missed": "I'm getting a new phone today.",
        "negated": "I want to upgrade my phone to the new model.",
        "before": "I think I need a new phone.",
        "not_buying": "I don't need a new phone, just fix my bill.",
    }
    turns.append(("customer", trigger.get(protection, rng.choice(CUSTOMER_TALK)), 0.0))
    labels["protection_offer"] = {"none": "na", "not_buying": "na", "offered": "pass"}.get(
        protection, "fail"
    )
    turns += [("agent", rng.choice(AGENT_TALK), 0.0), ("customer", rng.choice(CUSTOMER_TALK), 0.0)]
    if protection == "offered":
        turns.append(
            (
                "agent",
                rng.choice(
                    [
                        "Would you like to add device protection to that?",
                        "I'd recommend our protection plan for the new phone.",
                    ]
                ),
                0.0,
            )
        )
    if protection == "negated":
        turns.append(("agent", "Unfortunately I can't offer device protection on that model.", 0.0))
    if where == "late":
        for _ in range(10):  # a minute of talk: the disclosure comes after the first 60 s
            turns += [
                ("agent", rng.choice(AGENT_TALK), 0.0),
                ("customer", rng.choice(CUSTOMER_TALK), 0.0),
            ]
        turns.append(("agent", rng.choice(DISCLOSURES), 0.0))
    offers = rng.sample(sorted(OFFERS), rng.choice([0, 1, 1, 2]))
    said = [o for o in offers if rng.random() < 0.75]
    labels["suggested_offers"] = "na" if not offers else ("pass" if said == offers else "fail")
    turns += [("agent", OFFERS[o], 0.0) for o in said]
    courtesy = rng.choice(["clean", "clean", "calm", "problem", "customer", "negated"])
    talk = {
        "calm": ("agent", "Sir, you need to calm down."),
        "problem": ("agent", "Honestly that's not my problem."),
        "customer": ("customer", "Calm down, I'm only asking a question."),
        "negated": ("agent", "I won't tell you to calm down, I understand you are upset."),
    }
    if courtesy in talk:
        turns.append((*talk[courtesy], 0.0))
    labels["courtesy"] = "fail" if courtesy in ("calm", "problem") else "pass"
    closing = rng.choice(["ok", "ok", "short", "thanks", "early", "none"])
    if closing == "early":
        turns.append(("agent", "Is there anything else I can help you with?", 0.0))
    for _ in range(rng.randint(8, 16)):
        turns += [
            ("agent", rng.choice(AGENT_TALK), 0.0),
            ("customer", rng.choice(CUSTOMER_TALK), 0.0),
        ]
    end = {
        "ok": "Is there anything else I can help you with today?",
        "short": "Anything else I can help you with?",
        "thanks": "Thanks for calling Acme Wireless, have a great day.",
    }
    turns.append(("agent", end.get(closing, "Okay, that is all done then.")))  # type: ignore[arg-type]
    turns += [("customer", "No, that's all, bye.", 0.0), ("agent", "Bye now.", 0.0)]
    labels["closing"] = "pass" if closing in end else "fail"
    call = {"call_id": f"L-{index:03d}", "agent": agent, "offers": offers}
    return transcript(turns, call), labels


def transcript(
    turns: list[tuple[str, ...] | tuple[str, str, float]], call: dict[str, object]
) -> dict[str, object]:
    """A qa-transcript/1 dict with word times from a list of turns."""
    t, segments = 0.5, []
    for turn in turns:
        speaker, text = turn[0], str(turn[1])
        t += float(turn[2]) if len(turn) > 2 else 0.0  # type: ignore[misc]
        words = []
        for raw in text.split():
            words.append(
                {
                    "start": round(t, 3),
                    "end": round(t + SECONDS_PER_WORD * 0.9, 3),
                    "text": raw,
                    "confidence": 0.95,
                }
            )
            t += SECONDS_PER_WORD
        segments.append(
            {
                "start": words[0]["start"],
                "end": words[-1]["end"],
                "speaker": speaker,
                "text": text,
                "words": words,
            }
        )
        t += GAP
    return {
        "format": "qa-transcript/1",
        "language": "en",
        "duration": round(t, 2),
        "engine": "scripted",
        "segments": segments,
        "call": call,
    }


def agents_toml() -> str:
    rows = []
    for agent_id, (name, aliases, _, _) in AGENTS.items():
        rows.append(
            f'[[agents]]\nid = "{agent_id}"\nname = "{name}"\naliases = {json.dumps(aliases)}\n'
        )
    return "\n".join(rows)


def write(folder: Path, calls: list[tuple[dict[str, object], dict[str, str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agents.toml").write_text(agents_toml(), encoding="utf-8")
    with (folder / "labels.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["call", "item", "verdict"])
        for n, (data, labels) in enumerate(calls):
            (folder / f"call_{n:03d}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
            writer.writerows([f"call_{n:03d}", item, verdict] for item, verdict in labels.items())


SEED = 20261120  # of the committed set; other seeds give fresh sets (bench/accuracy.py)


def labelled_calls(
    seed: int = SEED, wer: float = 0.0, noise_seed: int = 0, count: int = CALLS
) -> list[tuple[dict[str, object], dict[str, str]]]:
    """`count` calls and their labels, at `wer` word error rate (0: clean)."""
    rng = random.Random(seed)
    calls = [build(n, rng) for n in range(count)]
    if not wer:
        return calls
    return [(add_noise(data, wer, seed=noise_seed + n), labels) for n, (data, labels) in
            enumerate(calls)]  # fmt: skip


def main() -> None:
    write(HERE / "clean", labelled_calls())
    write(HERE / "wer15", labelled_calls(wer=WER))
    print(f"wrote {CALLS} calls to {HERE / 'clean'} and {HERE / 'wer15'}")


if __name__ == "__main__":
    main()
