"""Lengths, sizes and offsets as users write them, in points."""

import pytest

from deckpress.units import MM, parse_length, parse_offset, parse_size


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("25.4mm", 72.0),
        ("1in", 72.0),
        ("12pt", 12.0),
        ("2.54cm", 72.0),
        ("-3mm", -3 * 72 / 25.4),
        (".5in", 36.0),
        (10, 10 * 72 / 25.4),
        ("10", 10 * 72 / 25.4),
        ("25.4MM", 72.0),  # units in any case, as people type them
        ("1 In", 72.0),
    ],
)
def test_lengths(text, points):
    assert parse_length(text) == pytest.approx(points)


@pytest.mark.parametrize("text", ["", "mm", "3 furlongs", "1.2.3mm", "abc"])
def test_bad_lengths_say_how_to_write_one(text):
    with pytest.raises(ValueError, match=r"e\.g\. 5mm, 0\.25in or 12pt"):
        parse_length(text)


def test_sizes():
    assert parse_size("63x88mm") == pytest.approx((63 * 72 / 25.4, 88 * 72 / 25.4))
    assert parse_size("2.5 x 3.5 in") == pytest.approx((180.0, 252.0))
    with pytest.raises(ValueError, match="63x88mm"):
        parse_size("63x88")


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("1.5mm,-0.5mm", (1.5 * MM, -0.5 * MM)),
        ("1.5mm, -0.5mm", (1.5 * MM, -0.5 * MM)),
        (" -1mm ,2pt ", (-MM, 2.0)),
        ("0,0", (0.0, 0.0)),
        ("0, -0.0", (0.0, 0.0)),
        ("0.05in,0", (3.6, 0.0)),
        ("0,.2cm", (0.0, 2 * MM)),
        ("1.5,-0.5", (1.5 * MM, -0.5 * MM)),  # bare numbers are mm, as the sheet reads
        ("1.5mm,\u20130.5mm", (1.5 * MM, -0.5 * MM)),  # an en dash copied from a document
        ("\u22121mm,0", (-MM, 0.0)),  # a true minus sign
        ("10mm,-1cm", (10 * MM, -10 * MM)),
    ],
)
def test_offsets(text, points):
    assert parse_offset(text) == pytest.approx(points)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"needs two lengths X,Y, e\.g\. 1\.5mm,-0\.5mm"),
        ("   ", r"needs two lengths X,Y"),
        ("1.5mm", r"'1\.5mm' is not an offset; write two lengths X,Y separated by a comma"),
        ("1.5mm -0.5mm", r"separated by a comma"),
        ("1mm,2mm,3mm", r"'1mm,2mm,3mm' is not an offset; write two lengths"),
        ("100mm,0", r"'100mm' in the offset '100mm,0' is more than 10 mm; printers shift"),
        ("0,-0.5in", r"'-0\.5in' in the offset '0,-0\.5in' is more than 10 mm"),
        ("left,1mm", r"'left,1mm' is not an offset: 'left' is not a length; write a number"),
        ("1mm,", r"is not an offset: '' is not a length"),
        ("1 furlong,0", r"'1 furlong' is not a length"),
    ],
)
def test_bad_offsets_say_how_to_write_one(text, message):
    with pytest.raises(ValueError, match=message):
        parse_offset(text)
