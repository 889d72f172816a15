"""deckpress: print-ready card decks and tracking worksheets from YAML."""

__version__ = "0.1.0"
