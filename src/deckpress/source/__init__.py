"""Stage 1: the user's files (decks, brands, images), read and validated into models.

Every problem is a DeckError naming the file, line, card and field, with a hint.
"""
