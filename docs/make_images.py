"""Render the pictures in the docs from the sample decks (needs the test extra: pypdfium2).

    python docs/make_images.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from deckpress.build import Options, build_deck, build_pngs, prepare_job, write_deck
from deckpress.calibrate import write_calibration
from deckpress.inputs import Inputs, load_client_inputs, load_inputs
from deckpress.output.profiles import load_profile
from deckpress.source.client import load_client
from deckpress.source.icons import builtin_icons
from deckpress.worksheets import KINDS, plan_worksheets, worksheet_settings

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"


def render(pdf: Path, page: int, dpi: int):
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    document.close()
    return image


def jordan() -> Inputs:
    """The sample client whose deck the README shows."""
    return load_client_inputs(load_client(ROOT / "clients" / "jordan-rivera.yaml", ROOT))


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "deck.pdf"
        write_deck(prepare_job(jordan(), load_profile("home-letter", ROOT)), pdf)
        render(pdf, 0, 80).save(IMAGES / "sheet-fronts.png", optimize=True)
        render(pdf, 1, 80).save(IMAGES / "sheet-backs.png", optimize=True)
        closeup = render(pdf, 0, 200)
        inch = 200
        closeup.crop((int(0.5 * inch), int(0.25 * inch), int(8.0 * inch), int(3.75 * inch))).save(
            IMAGES / "cards-closeup.png", optimize=True)
        prompts = Path(folder) / "prompts.pdf"
        build_deck(ROOT / "cards" / "table-talk.yaml", prompts, None, "home-a4")
        render(prompts, 0, 80).save(IMAGES / "table-talk-fronts.png", optimize=True)
        sheet = write_calibration(Path(folder) / "calibrate.pdf", "a4")
        render(sheet, 0, 50).save(IMAGES / "calibrate-front.png", optimize=True)
        render(sheet, 1, 50).save(IMAGES / "calibrate-back.png", optimize=True)
        for kind in KINDS:  # the first page of each worksheet
            sheet = Path(folder) / f"{kind}.pdf"
            plan_worksheets(jordan(), worksheet_settings("letter", [kind])).write(sheet)
            render(sheet, 0, 60).save(IMAGES / f"worksheet-{kind}.png", optimize=True)
        profile_images(Path(folder))
        icon_images(Path(folder))
        preview_image(Path(folder))
        theme_images(Path(folder))
        report_images(Path(folder))


def side_by_side(*images: Image.Image, gap: int = 12) -> Image.Image:
    width = sum(image.width for image in images) + gap * (len(images) - 1)
    sheet = Image.new("RGB", (width, max(image.height for image in images)), "#D0D4D9")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + gap
    return sheet


def profile_images(folder: Path) -> None:
    """The pictures in docs/profiles.md: one per kind of output."""
    deck, brand = ROOT / "cards" / "networking.yaml", ROOT / "brands" / "example.yaml"
    fold = folder / "fold.pdf"
    build_deck(deck, fold, brand, "home-letter-fold")
    render(fold, 0, 50).save(IMAGES / "profile-fold.png", optimize=True)
    stock = folder / "stock.pdf"
    build_deck(ROOT / "cards" / "pocket-scripts.yaml", stock, brand, "avery-5371")
    side_by_side(render(stock, 0, 40), render(stock, 1, 40)).save(
        IMAGES / "profile-avery-5371.png", optimize=True)
    pod = folder / "dtc.pdf"
    build_deck(deck, pod, brand, "dtc")
    side_by_side(render(pod, 4, 100), render(pod, 5, 100)).save(
        IMAGES / "profile-dtc-pages.png", optimize=True)
    proof = folder / "proof.pdf"
    build_deck(deck, proof, brand, "home-a4", options=Options(proof=True))
    mm = 150 / 25.4
    render(proof, 0, 150).crop((0, 0, int(150 * mm), int(110 * mm))).save(
        IMAGES / "profile-proof.png", optimize=True)
    images = folder / "mpc"
    build_pngs(deck, images, brand, "mpc")
    with Image.open(images / "contact-sheet.png") as contact:
        contact.resize((contact.width // 2, contact.height // 2), Image.LANCZOS).save(
            IMAGES / "profile-mpc-contact-sheet.png", optimize=True)


def report_images(folder: Path) -> None:
    """The pictures in docs/report.md and the README: the report of the sample filled
    worksheet (filled/, made by docs/make_filled_sample.py), both pages side by side."""
    from deckpress.report import make_report
    from deckpress.source.client import load_client

    client = load_client(ROOT / "clients" / "jordan-rivera.yaml", ROOT)
    made = make_report([ROOT / "filled" / "jordan-rivera-week2.pdf"], client, None, ROOT)
    pdf = folder / "report.pdf"
    pdf.write_bytes(made.pdf)
    side_by_side(render(pdf, 0, 60), render(pdf, 1, 60)).save(IMAGES / "report.png",
                                                              optimize=True)


def preview_image(folder: Path) -> None:
    """The picture in docs/preview.md: one card, front beside back, shown at half size."""
    from deckpress.preview import write_preview

    inputs = load_inputs(ROOT / "cards" / "networking.yaml", ROOT / "brands" / "example.yaml")
    shown = write_preview(inputs, load_profile("home-letter", ROOT), folder / "preview.png",
                          ["WU-01"]).output
    with Image.open(shown) as picture:
        picture.resize((picture.width // 2, picture.height // 2), Image.LANCZOS).save(
            IMAGES / "preview-card.png", optimize=True)


def theme_images(folder: Path) -> None:
    """The pictures in docs/themes.md: each theme's challenge, rules and intro cards (front
    and back), and its plain cards, with the example brand's colours and logo and no fonts of
    its own (so each theme's fonts show)."""
    from deckpress.preview import write_preview
    from deckpress.source.themes import themes

    example = (ROOT / "brands" / "example.yaml").read_text("utf-8")
    unfonted = example.split("fonts:")[0] + "disclaimer:" + example.split("disclaimer:")[1]
    for theme in themes():
        brand = ROOT / "brands" / f".theme-{theme}.yaml"  # beside the logo it names
        brand.write_text(f"{unfonted}\ntheme: {theme}\n", encoding="utf-8")
        try:
            shots = []
            for deck, cards in (("networking", ["WU-01", "HOW", "HELLO"]),
                                ("pocket-scripts", ["PS-01", "PS-04"])):
                inputs = load_inputs(ROOT / "cards" / f"{deck}.yaml", brand)
                shots.append(write_preview(inputs, load_profile("home-letter", ROOT),
                                           folder / f"{theme}-{deck}.png", cards).output)
        finally:
            brand.unlink()
        for shot, suffix in zip(shots, ("", "-plain"), strict=True):
            with Image.open(shot) as picture:
                picture.resize((picture.width * 2 // 5, picture.height * 2 // 5),
                               Image.LANCZOS).save(IMAGES / f"theme-{theme}{suffix}.png",
                                                   optimize=True)


def icon_images(folder: Path) -> None:
    """The pictures in docs/deck-format.md: every built-in icon set in text, and two sample
    cards that use icons."""
    names = sorted(builtin_icons())
    columns, cell_w, cell_h = 7, 26, 8  # mm
    rows = -(-len(names) // columns)
    cells = "\n".join(
        f'<text x="{3 + index % columns * cell_w}" y="{3 + index // columns * cell_h}" '
        f'w="{cell_w - 1}" h="{cell_h - 1}" size="10" colour="#1F2328"><icon name="{name}"/> '
        f'<font color="#5F656C">{name}</font></text>' for index, name in enumerate(names))
    workspace = folder / "icons"
    (workspace / "cards").mkdir(parents=True)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "table.xml").write_text(
        f"<card>\n<front>\n{cells}\n</front>\n<back/>\n</card>\n", encoding="utf-8")
    (workspace / "cards" / "table.yaml").write_text(
        f"title: Icons\nsize: {columns * cell_w + 4}x{rows * cell_h + 3}mm\nlayout: table\n"
        "cards:\n  - {id: A, title: Icons, text: x}\n", encoding="utf-8")
    table = folder / "table.pdf"
    build_deck(workspace / "cards" / "table.yaml", table, None, "pod-pdf")
    render(table, 0, 150).save(IMAGES / "inline-icons.png", optimize=True)
    cards = folder / "icon-cards.pdf"
    build_deck(ROOT / "cards" / "networking.yaml", cards, ROOT / "brands" / "example.yaml",
               "dtc")
    document = pypdfium2.PdfDocument(str(cards))
    fronts = [index for index in range(len(document))  # the two cards' fronts
              if any(code in document[index].get_textpage().get_text_range()
                     for code in ("CV-04", "CV-08"))]
    document.close()
    bleed = 9 * 120 // 72  # the dtc profile's bleed, at 120 dpi
    images = [render(cards, index, 120) for index in fronts]
    side_by_side(*(image.crop((bleed, bleed, image.width - bleed, image.height - bleed))
                   for image in images)).save(IMAGES / "inline-icons-cards.png", optimize=True)


if __name__ == "__main__":
    main()
