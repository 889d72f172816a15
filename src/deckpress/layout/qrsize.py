"""How small a QR code may be printed: layouts size the booking code from the link it holds,
so a long link gets a larger code rather than dots a phone cannot read."""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode.qr import QrCodeWidget

# A printed module (one dot) narrower than this does not scan reliably on card stock from a
# home printer; the quiet zone around the code is 4 modules wide on every side.
MIN_MODULE_MM = 0.33
QUIET_ZONE = 4


@lru_cache(maxsize=256)
def qr_modules(data: str) -> int:
    """The width of the code for `data` in modules, its quiet zone included (error correction
    M, as the renderer draws it); 0 for data too long for any QR code, which the renderer
    reports at the card with its own message."""
    widget = QrCodeWidget(data or " ", barLevel="M", barBorder=QUIET_ZONE)
    try:
        widget.qr.make()
    except Exception:  # the encoder signals "too long" with a bare Exception
        return 0
    return int(widget.qr.getModuleCount()) + 2 * QUIET_ZONE


def qr_min_size(data: str) -> float:
    """`qr_min_size(url)` in a layout: the smallest size, in mm, the code for `data` (quiet
    zone included) may be printed at. Layouts grow a code to it only within the room they
    have: a link too long for that is left to the renderer to refuse, with a hint to shorten
    it, rather than printed as a code that crowds the card."""
    return round(qr_modules(str(data)) * MIN_MODULE_MM, 2)
