"""Synthesize the demo calls in recordings/ with flite and sox: FLAC audio, sidecars, truth.csv.

Each call is data: a list of turns (speaker, text, pause). Agent turns go on the left channel and
customer turns on the right, with digital silence on the other channel, at 16 kHz. The output is
deterministic (same text, same bytes): running it again reproduces the committed files exactly.

Usage: python scripts/make_demo_calls.py [--out DIR] [--only STEM ...]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_RATE = 16_000  # Hz, what telephony recorders and Whisper both use
LEAD_IN = 0.4  # seconds of silence before the first word (the call connecting)
DEFAULT_PAUSE = 0.7  # seconds of silence after a turn
# Dead air while the agent works in the account system (finds the account, books a change, takes
# a payment): a few seconds each time, as on real calls, where such gaps are what QA teams time.
LOOKUP = 5.0  # seconds
MIN_LENGTH, MAX_LENGTH = 30.0, 90.0  # seconds a demo call may last
HOLD_NOTES = (523.25, 659.25, 783.99, 659.25)  # Hz: a soft C-major arpeggio as hold music
HOLD_NOTE_LENGTH = 0.6  # seconds per note
HOLD_VOLUME = 0.05  # linear gain: about -26 dBFS, quiet like real hold music
# Speech peaks near -12 dBFS, as on a real recorder; quieter samples also shrink the FLAC files
# by about a fifth, which keeps recordings/ well under 10 MB.
SPEECH_GAIN = 0.25

# Agents and customers speak with different flite voices, so a listener tells them apart; the
# agents get the two that pocketsphinx recognises best (kal16 is the 16 kHz build of kal).
AGENT_VOICES = {"sarah.k": "slt", "priya.n": "slt", "james.o": "kal16", "tom.b": "kal16"}
CUSTOMER_VOICES = ("awb", "rms")
# flite's duration_stretch per voice: slt is clearer a little slower, kal16 at its own pace.
VOICE_STRETCH = {"slt": 1.1, "kal16": 1.0, "awb": 1.05, "rms": 1.05}

ITEMS = (
    "greeting",
    "disclosure",
    "protection_offer",
    "suggested_offers",
    "courtesy",
    "closing",
    "demeanor",
)


@dataclass(frozen=True)
class Turn:
    """One stretch of a call: who speaks, what they say, and the silence after it.

    Speaker "hold" plays `pause` seconds of hold music on the customer's channel instead.
    """

    speaker: str  # agent | customer | hold
    text: str
    pause: float = DEFAULT_PAUSE  # seconds


@dataclass(frozen=True)
class DemoCall:
    """A scripted call, its metadata and the verdicts a careful supervisor would give it."""

    call_id: str
    slug: str  # what the call demonstrates
    agent: str
    started_at: str
    queue: str
    customer_voice: str
    turns: tuple[Turn, ...]
    offers: tuple[str, ...] = ()
    channels: int = 2
    truth: dict[str, str] = field(default_factory=dict)  # item -> verdict, overriding defaults

    def __post_init__(self) -> None:
        if self.agent not in AGENT_VOICES or self.customer_voice not in CUSTOMER_VOICES:
            raise ValueError(f"{self.call_id}: unknown agent or customer voice")

    @property
    def stem(self) -> str:
        """File name without suffix: call id and what it demonstrates."""
        return f"{self.call_id}_{self.slug}"

    def verdicts(self) -> dict[str, str]:
        """The labelled verdict of every rubric item (defaults: a clean call)."""
        base = {item: "pass" for item in ITEMS}
        base.update(
            protection_offer="na",
            suggested_offers="pass" if self.offers else "na",
            demeanor="pending",
        )
        base.update(self.truth)
        return base

    def sidecar(self) -> dict[str, object]:
        """The DESIGN.md §5 metadata object."""
        return {
            "call_id": self.call_id,
            "agent": self.agent,
            "started_at": self.started_at,
            "queue": self.queue,
            "direction": "inbound",
            "offers": list(self.offers),
        }


def A(text: str, pause: float = DEFAULT_PAUSE) -> Turn:  # noqa: N802 - reads like a script
    """An agent turn."""
    return Turn("agent", text, pause)


def C(text: str, pause: float = DEFAULT_PAUSE) -> Turn:  # noqa: N802 - reads like a script
    """A customer turn."""
    return Turn("customer", text, pause)


def HOLD(seconds: float) -> Turn:  # noqa: N802 - reads like a script
    """Hold music on the customer's channel."""
    return Turn("hold", "", seconds)


# The calls read like a play script: one turn per line, the way a person would write them.
# fmt: off
CALLS = (
    DemoCall(
        "C-1001", "perfect", "sarah.k", "2026-11-16T09:14:00+00:00", "sales", "awb",
        offers=("family plan",),
        turns=(
            A("Thank you for calling Acme Wireless, my name is Sarah. Please note this call may"
              " be recorded for quality. How can I help you today?"),
            C("Hi Sarah. My daughter just started college, and I would like to add a second "
              "line to my account."),
            A("I can help with that. May I have the name on the account?"),
            C("It is under Daniel Reid.", LOOKUP),
            A("Thank you, Mister Reid. I have added the new line. With two lines on the "
              "account, our family plan would save you ten dollars a month. Would you like me "
              "to switch you to the family plan?"),
            C("Yes, that sounds good. Please do.", LOOKUP),
            A("Done. The new line will be active within the hour. Is there anything else I can "
              "help you with?"),
            C("No, that is everything. Thanks."),
            A("Thank you for calling Acme Wireless. Have a great day."),
        ),
    ),
    DemoCall(
        "C-1002", "no-business-name", "james.o", "2026-11-16T10:02:00+00:00", "support", "rms",
        truth={"greeting": "fail"},
        turns=(
            A("Hello, my name is James. Please note this call may be recorded for quality. How "
              "can I help you?"),
            C("Hi. My phone has shown no service since this morning."),
            A("I am sorry to hear that. Let me check the network in your area. What is your zip"
              " code?"),
            C("It is nine four one one zero.", LOOKUP + 1.0),
            A("Thank you. There was a tower outage near you this morning, and it was fixed ten "
              "minutes ago. Could you please restart your phone?"),
            C("Okay, restarting it now.", 6.0),
            C("Yes, I have signal again."),
            A("Great. Is there anything else I can help you with?"),
            C("No, that is all."),
            A("Thanks for your patience. Have a good day."),
        ),
    ),
    DemoCall(
        "C-1003", "no-agent-name", "priya.n", "2026-11-17T13:40:00+00:00", "support", "awb",
        truth={"greeting": "fail"},
        turns=(
            A("Thank you for calling Acme Wireless. Please note this call may be recorded for "
              "quality. How can I help you today?"),
            C("Hello. I was charged twice for my bill this month."),
            A("I am sorry about that. Can I have the name on the account?"),
            C("Yes, it is Margaret Lewis.", LOOKUP + 1.0),
            A("Thank you. I can see two payments of forty five dollars on the third of "
              "November.", LOOKUP),
            A("I have refunded the second one, and it will reach your card in three to five "
              "days."),
            C("Oh, thank you. That was quick."),
            A("You are welcome. Is there anything else I can help you with?"),
            C("No, that is all. Bye."),
            A("Thank you for calling Acme Wireless. Have a lovely evening."),
        ),
    ),
    DemoCall(
        "C-1004", "missed-closing", "tom.b", "2026-11-18T11:25:00+00:00", "support", "rms",
        offers=("travel pass",),
        truth={"closing": "fail"},
        turns=(
            A("Thank you for calling Acme Wireless, this is Tom. Please note this call may be "
              "recorded for quality. What can I do for you?"),
            C("Hi Tom. I am travelling to Canada next week, and I want to make sure my phone "
              "works there."),
            A("Sure. Let me look at your plan.", LOOKUP + 1.0),
            A("Your plan includes calls and texts in Canada, but data costs two dollars per "
              "megabyte."),
            C("That sounds expensive. Is there a cheaper option?"),
            A("Yes. The travel pass gives you unlimited data in Canada for five dollars a day. "
              "I can add the travel pass from next Monday."),
            C("Please do that. Does it also work in the United States? I might drive down to "
              "Seattle for a day.", LOOKUP),
            A("Yes. The travel pass works in the United States and Mexico too, at the same "
              "price. It is on your account from Monday, and you will get a text message when "
              "it starts."),
            C("Great, thanks. That is all I needed."),
            A("Okay. Bye."),
        ),
    ),
    DemoCall(
        "C-1005", "missed-upsell", "sarah.k", "2026-11-18T14:05:00+00:00", "sales", "rms",
        offers=("unlimited data", "family plan"),
        truth={"suggested_offers": "fail"},
        turns=(
            A("Thank you for calling Acme Wireless, my name is Sarah. Please note this call may"
              " be recorded for quality. How can I help you today?"),
            C("Hi. I keep running out of data before the end of the month.", LOOKUP),
            A("I understand. You are on the five gigabyte plan. Our unlimited data plan is "
              "twenty dollars more per month, and you would never run out again."),
            C("That is a bit more than I wanted to spend, but okay, let us do it.", LOOKUP),
            A("Perfect. I have moved you to unlimited data, starting today."),
            C("Thank you."),
            A("Is there anything else I can help you with?"),
            C("No, that is it."),
            A("Thank you for calling Acme Wireless. Goodbye."),
        ),
    ),
    DemoCall(
        "C-1006", "protection-offered", "james.o", "2026-11-19T09:48:00+00:00", "sales", "awb",
        offers=("device protection",),
        truth={"protection_offer": "pass"},
        turns=(
            A("Thank you for calling Acme Wireless, my name is James. Please note this call may"
              " be recorded for quality. How can I help you today?"),
            C("Hi James. My old phone finally died, and I would like to buy a new phone."),
            A("Sorry to hear that. The Acme X two is on sale this week for three hundred dollars."),
            C("That sounds fine. I will take it.", LOOKUP + 1.0),
            A("Great choice. Would you also like to add device protection? It covers loss, "
              "theft and cracked screens for eight dollars a month."),
            C("Yes, add the protection, please.", LOOKUP - 1.0),
            A("Done. Your phone ships today with free delivery. Is there anything else I can "
              "help you with?"),
            C("No, thanks."),
            A("Thank you for calling Acme Wireless. Enjoy your new phone."),
        ),
    ),
    DemoCall(
        "C-1007", "protection-missed", "tom.b", "2026-11-16T15:30:00+00:00", "sales", "rms",
        truth={"protection_offer": "fail"},
        turns=(
            A("Thank you for calling Acme Wireless, this is Tom. Please note this call may be "
              "recorded for quality. How can I help you?"),
            C("Hello. I would like to upgrade my phone. My contract ended last month."),
            A("Let me check.", LOOKUP + 1.0),
            A("Yes, you are eligible. The Acme X two costs three hundred dollars, or twelve "
              "dollars a month for two years."),
            C("I will take it on the monthly payment.", LOOKUP),
            A("All set. It will arrive on Thursday, and your number moves over automatically."),
            C("Perfect."),
            A("Is there anything else I can help you with?"),
            C("No, that was it. Thanks."),
            A("Thank you for calling Acme Wireless. Have a nice day."),
        ),
    ),
    DemoCall(
        "C-1008", "prohibited-phrase", "tom.b", "2026-11-17T16:12:00+00:00", "support", "awb",
        truth={"courtesy": "fail"},
        turns=(
            A("Thank you for calling Acme Wireless, this is Tom. Please note this call may be "
              "recorded for quality. How can I help?"),
            C("This is the third time I am calling about my internet! It has been down for two "
              "days, and nobody has fixed it!", 0.4),
            A("Sir, you need to calm down. I cannot help you if you shout."),
            C("Do not tell me to calm down. I just want it fixed.", LOOKUP + 1.0),
            A("I see a technician visit booked for tomorrow morning between eight and ten."),
            C("Fine. Make sure they actually come this time.", LOOKUP - 1.0),
            A("I have added a note to the booking. Is there anything else I can help you with?"),
            C("No."),
            A("Thank you for calling Acme Wireless."),
        ),
    ),
    DemoCall(
        "C-1009", "long-hold", "priya.n", "2026-11-19T11:03:00+00:00", "support", "rms",
        turns=(
            A("Thank you for calling Acme Wireless, my name is Priya. Please note this call may"
              " be recorded for quality. How can I help you?"),
            C("Hi Priya. I ordered a SIM card last week, and it has not arrived."),
            A("Let me check with our shipping team. May I place you on hold for a minute?"),
            C("Sure.", 0.5),
            HOLD(42.0),
            A("Thank you for holding. Your SIM card came back to us because of a wrong house "
              "number. I have corrected the address and sent it again by express delivery."),
            C("Great, thank you."),
            A("Is there anything else I can help you with?"),
            C("No, that is all."),
            A("Thank you for calling Acme Wireless. Goodbye."),
        ),
    ),
    DemoCall(
        "C-1010", "mono", "james.o", "2026-11-18T09:21:00+00:00", "support", "awb",
        channels=1,
        turns=(
            A("Thank you for calling Acme Wireless, my name is James. Please note this call may"
              " be recorded for quality. How can I help you today?"),
            C("Hi. Could you tell me when my contract ends?"),
            A("Of course. Can I have the name on the account?"),
            C("It is Alan Brooks.", LOOKUP + 1.0),
            A("Thank you, Mister Brooks. Your contract ends on the thirtieth of January. After "
              "that, your plan simply continues month to month at the same price."),
            C("Good to know. That is what I wanted."),
            A("Is there anything else I can help you with?"),
            C("No. Thank you."),
            A("Thank you for calling Acme Wireless. Goodbye."),
        ),
    ),
    DemoCall(
        "C-1011", "card-payment", "sarah.k", "2026-11-19T15:47:00+00:00", "support", "awb",
        turns=(
            A("Thank you for calling Acme Wireless, my name is Sarah. Please note this call may"
              " be recorded for quality. How can I help you today?"),
            C("Hi. I would like to pay my bill by card.", LOOKUP - 1.0),
            A("Of course. Your balance is fifty two dollars. Can I have the card number, please?"),
            C("Yes. It is four one one one, one one one one, one one one one, one one one one."),
            A("Thank you. And the expiry date?"),
            C("Twelve, twenty eight."),
            A("Can I have the security code, please?"),
            C("Seven three seven.", LOOKUP + 1.0),
            A("Thank you. Your payment of fifty two dollars went through. Is there anything "
              "else I can help you with?"),
            C("No, that is all. Thanks."),
            A("Thank you for calling Acme Wireless. Have a good day."),
        ),
    ),
    DemoCall(
        "C-1012", "moving-house", "priya.n", "2026-11-20T10:30:00+00:00", "sales", "awb",
        offers=("unlimited data",),
        turns=(
            A("You've reached Acme Wireless, this is Priya. This call is recorded for quality. "
              "How may I help?"),
            C("Hi Priya. I am moving house next month, and I want to keep my home internet."),
            A("No problem. What is the new address?"),
            C("Twenty two Park Lane, Springfield.", LOOKUP + 2.0),
            A("Thank you. Fibre is available there, and I can move your service on the "
              "fifteenth. You use a lot of mobile data. Would you like to try unlimited data, "
              "free for the first month?"),
            C("Sure, why not.", LOOKUP),
            A("Great. Both are booked. Is there anything else I can help you with?"),
            C("No, thank you."),
            A("Thanks for calling Acme Wireless. Good luck with the move."),
        ),
    ),
)
# fmt: on


def run(*command: str) -> None:
    """Run flite or sox; a failure stops the script with the tool's own message."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def sox(*args: str) -> None:
    """sox without dither and with fixed random seeds, so output bytes never vary."""
    run("sox", "-D", "-R", "-V1", *args)


def speak(voice: str, text: str, work: Path) -> Path:
    """A mono 16 kHz WAV of `text` in `voice` (cached by voice and text within a run)."""
    stretch = VOICE_STRETCH[voice]
    key = hashlib.sha256(f"{voice}\0{stretch}\0{text}".encode()).hexdigest()[:16]
    wav = work / f"say-{key}.wav"
    if not wav.exists():
        run(
            "flite",
            "-voice",
            voice,
            "--setf",
            f"duration_stretch={stretch}",
            "-t",
            text,
            "-o",
            str(wav),
        )
    return wav


def silent_input(channels: int) -> list[str]:
    """sox arguments for a null input at our rate, width and channel count."""
    return ["-n", "-r", str(SAMPLE_RATE), "-c", str(channels), "-b", "16"]


def hold_music(seconds: float, work: Path) -> Path:
    """Soft repeating arpeggio, `seconds` long, mono 16 kHz."""
    notes = []
    for i, hz in enumerate(HOLD_NOTES):
        note = work / f"note-{i}.wav"
        synth = f"synth {HOLD_NOTE_LENGTH} sine {hz} fade h 0.05 {HOLD_NOTE_LENGTH} 0.3"
        sox(*silent_input(1), str(note), *synth.split(), "vol", str(HOLD_VOLUME))
        notes.append(str(note))
    repeats = int(seconds / (HOLD_NOTE_LENGTH * len(notes))) + 1
    music = work / f"hold-{seconds}.wav"
    sox(*(notes * repeats), str(music), "trim", "0", str(seconds))
    return music


def segment(call: DemoCall, turn: Turn, index: int, work: Path) -> Path:
    """One turn laid on its channel, followed by its pause."""
    if turn.speaker == "hold":
        source, pad, gain = hold_music(turn.pause, work), "0", 1.0
    else:
        voice = AGENT_VOICES[call.agent] if turn.speaker == "agent" else call.customer_voice
        source, pad, gain = speak(voice, turn.text, work), str(turn.pause), SPEECH_GAIN
    out = work / f"{call.stem}-{index:02d}.wav"
    if call.channels == 1:
        remix = ["remix", "1"]
    else:
        remix = ["remix", "1", "0"] if turn.speaker == "agent" else ["remix", "0", "1"]
    sox(str(source), str(out), "vol", str(gain), *remix, "pad", "0", pad)
    return out


def lead_in(call: DemoCall, work: Path) -> Path:
    """Silence while the call connects."""
    out = work / f"{call.stem}-lead.wav"
    sox(*silent_input(call.channels), str(out), "trim", "0", str(LEAD_IN))
    return out


def length_of(path: Path) -> float:
    """Duration in seconds, as soxi reads it."""
    done = subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True)
    return float(done.stdout)


def render(call: DemoCall, out_dir: Path, work: Path) -> Path:
    """Write <stem>.flac and <stem>.json for one call; returns the audio path."""
    parts = [lead_in(call, work)]
    parts += [segment(call, turn, i, work) for i, turn in enumerate(call.turns)]
    audio = out_dir / f"{call.stem}.flac"
    sox(*map(str, parts), "-r", str(SAMPLE_RATE), "-b", "16", "-C", "8", str(audio))
    seconds = length_of(audio)
    if not MIN_LENGTH <= seconds <= MAX_LENGTH:
        sys.exit(
            f"{audio}: {seconds:.1f} s long; demo calls must last {MIN_LENGTH}-{MAX_LENGTH} s."
        )
    sidecar = json.dumps(call.sidecar(), indent=2) + "\n"
    (out_dir / f"{call.stem}.json").write_text(sidecar, encoding="utf-8")
    return audio


def write_truth(calls: tuple[DemoCall, ...], out_dir: Path) -> Path:
    """recordings/truth.csv: call (file stem), item, verdict for every call and rubric item."""
    path = out_dir / "truth.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["call", "item", "verdict"])
        for call in calls:
            writer.writerows([call.stem, item, v] for item, v in call.verdicts().items())
    return path


def main(argv: list[str] | None = None) -> None:
    """Render every demo call (or those named with --only) into the output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = Path(__file__).resolve().parent.parent / "recordings"
    parser.add_argument("--out", type=Path, default=default_out, help="output folder")
    parser.add_argument("--only", nargs="*", default=[], help="stems or call ids to render")
    args = parser.parse_args(argv)
    chosen = [c for c in CALLS if not args.only or {c.stem, c.call_id} & set(args.only)]
    unknown = set(args.only) - {c.stem for c in CALLS} - {c.call_id for c in CALLS}
    if unknown:
        sys.exit(f"No demo call named {', '.join(sorted(unknown))}; see CALLS in {__file__}.")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="demo-calls-") as tmp:
        for call in chosen:
            audio = render(call, args.out, Path(tmp))
            print(f"{audio.name}  {length_of(audio):5.1f} s  {audio.stat().st_size // 1024} KiB")
    print(f"wrote {write_truth(CALLS, args.out)}")


if __name__ == "__main__":
    main()
