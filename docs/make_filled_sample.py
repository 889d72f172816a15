"""Make the sample filled worksheet: Jordan Rivera's fillable worksheets, filled in as if after
the first two weeks of the programme (pypdf fills the form, as any filling app would).

    python docs/make_filled_sample.py

writes filled/jordan-rivera-week2.pdf and its copy in src/deckpress/samples/filled/; then
`deckpress report filled/jordan-rivera-week2.pdf --client jordan-rivera` makes the report
pictured in the README. The tests fill sheets with the same `fill`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "filled" / "jordan-rivera-week2.pdf"
PACKAGED = ROOT / "src" / "deckpress" / "samples" / "filled" / SAMPLE.name

# card, date, where, prediction, belief, fears (before, peak, after), what happened, answer
# (1 yes, 2 no, 3 no reply, 4 other), belief re-rated, what I learned, next step
ASKS = [
    ("WU-01", "2027-01-11", "Corner of 5th and Main",
     "They will look annoyed that a stranger stopped them", 60, (4, 5, 1),
     "She walked me half a block to show me", 1, 10,
     "Strangers mostly like being asked for help", "Ask for a discount this week"),
    ("WU-04", "2027-01-12", "The bike shop on Elm",
     "I will look cheap and they will laugh", 70, (6, 7, 3),
     "He said no, politely, and offered free lights instead", 2, 30,
     "A no can come with something better", "Ask three people for three words"),
    ("IC-02", "2027-01-14", "Team lunch",
     "They will say something hurtful about me", 80, (7, 8, 4),
     "Curious, steady and kind: the same three words from two people", 1, 20,
     "People see more in me than I let myself", "Comment on a design post"),
    ("ON-01", "2027-01-15", "LinkedIn",
     "Nobody will reply and it will feel like shouting into a void", 50, (3, 4, 2),
     "The author replied and asked me a question back", 1, 20,
     "Writing something real gets real replies", "Ask two questions first"),
    ("CV-01", "2027-01-18", "Product design meetup",
     "I will run out of things to say", 70, (7, 9, 5),
     "We talked for twenty minutes; she gave me her card", 1, 40,
     "Questions carry a conversation better than clever lines", "Test my introduction"),
    ("CV-03", "2027-01-20", "Coffee with Priya",
     "My introduction will sound fake", 60, (6, 6, 3),
     "She said it was clear and suggested a shorter first line", 4, 30,
     "Feedback on my pitch is useful, not a verdict on me", "Ask the host a question"),
    ("RE-02", "2027-01-22", "UX Night, downtown", "", None, (8, 9, None),
     "", 3, None, "", ""),
]
TRACKER = {1: (1, 0), 2: (1, 1), 3: (0, 0), 4: (1, 0), 5: (2, 1), 6: (0, 0), 7: (0, 0),
           8: (1, 0), 9: (1, 1), 10: (1, 0), 11: (2, 1), 12: (1, 0)}
LADDER = {"WU-01": (3, "Jan 11", 1), "WU-04": (5, "Jan 12", 3), "IC-02": (6, "Jan 14", 4),
          "ON-01": (4, "Jan 15", 2), "CV-01": (7, "Jan 18", 5), "CV-03": (6, "Jan 20", 3),
          "RE-02": (8, "Jan 22", None)}
DEBRIEF = {"surprised": "How many people said yes, and how kind the no's were",
           "proud": "Staying at the meetup until I had talked to someone",
           "questions": "How do I follow up with the designer from the meetup?"}


def lines(reader_fields: dict[str, object], name: str, text: str) -> dict[str, str]:
    """A multi-line answer: one field `NAME`, or (older sheets) a field per line, NAME.1, …"""
    if name in reader_fields or not text:
        return {name: text} if text else {}
    return {f"{name}.1": text}


def sample_values(fields: dict[str, object]) -> dict[str, str]:
    """The sample's answers as field values (radio buttons answer `/N`)."""
    values: dict[str, str] = {}
    for card, date, where, fear, belief, fears, happened, answer, after, learned, then in ASKS:
        key = f"log.{card}"
        values.update({f"{key}.date": date, f"{key}.where": where,
                       f"{key}.outcome": f"/{answer}", f"{key}.next": then})
        for part, text in (("prediction", fear), ("happened", happened),
                           ("learned", learned)):
            values.update(lines(fields, f"{key}.{part}", text))
        for part, number in (("belief", belief), ("belief_after", after),
                             *zip(("fear_before", "fear_peak", "fear_after"), fears, strict=True)):
            if number is not None:
                values[f"{key}.{part}"] = f"/{number}"
    for day, (asks, noes) in TRACKER.items():
        if asks:
            values[f"tracker.day.{day}"] = "/Yes"
        values[f"tracker.day.{day}.asks"] = str(asks)
        values[f"tracker.day.{day}.noes"] = str(noes)
    for card, (expected, done, actual) in LADDER.items():
        values.update({f"ladder.{card}.expected": str(expected), f"ladder.{card}.date": done})
        if actual is not None:
            values[f"ladder.{card}.actual"] = str(actual)
    for part, text in DEBRIEF.items():
        values.update(lines(fields, f"debrief.{part}", text))
    return {name: value for name, value in values.items() if value}


def fill(blank: Path, values: dict[str, str], out: Path) -> None:
    """Fill the form fields of `blank` with `values` (names the sheet lacks are left out) and
    write `out`. A check box's on-state is the one its sheet uses."""
    reader = PdfReader(blank)
    fields = reader.get_fields() or {}
    writer = PdfWriter(clone_from=reader)
    chosen = {}
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            continue
        if value == "/Yes" and field.get("/_States_"):
            value = next(state for state in field["/_States_"] if state != "/Off")
        chosen[name] = value
    writer.update_page_form_field_values(None, chosen, auto_regenerate=False)
    with open(out, "wb") as stream:
        writer.write(stream)


def main() -> None:
    from deckpress.inputs import load_client_inputs
    from deckpress.source.client import load_client
    from deckpress.worksheets import plan_worksheets, worksheet_settings

    client = load_client(ROOT / "clients" / "jordan-rivera.yaml", ROOT)
    with tempfile.TemporaryDirectory() as folder:
        blank = Path(folder) / "blank.pdf"
        plan_worksheets(load_client_inputs(client),
                        worksheet_settings("letter", fillable=True)).write(blank)
        fields = PdfReader(blank).get_fields() or {}
        SAMPLE.parent.mkdir(exist_ok=True)
        fill(blank, sample_values(dict(fields)), SAMPLE)
    PACKAGED.parent.mkdir(exist_ok=True)
    shutil.copyfile(SAMPLE, PACKAGED)
    print(f"wrote {SAMPLE.relative_to(ROOT)} and {PACKAGED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
