"""Typography by language: quotes, apostrophes, dashes and no-break spaces as the `inline` and
`typeset` filters set them, and where words may be hyphenated."""

from __future__ import annotations

import pytest

from deckpress.layout.templates import inline, print_language
from deckpress.layout.typography import hyphenated, languages, thinned, typeset

NB = "\u00a0"

QUOTES = {  # language: the same sentence as each prints it
    "en": "“Don’t say ‘Morning all’,” she said.",
    "de": "„Don’t say ‚Morning all‘,“ she said.",
    "fr": f"«{NB}Don’t say “Morning all”,{NB}» she said.",
    "es": "«Don’t say “Morning all”,» she said.",
    "pt": "“Don’t say ‘Morning all’,” she said.",
    "pl": "„Don’t say «Morning all»,” she said.",
}


@pytest.mark.parametrize(("language", "printed"), QUOTES.items())
def test_each_language_prints_its_own_quotes_and_the_same_apostrophe(language, printed):
    assert typeset("\"Don't say 'Morning all',\" she said.", language) == printed


@pytest.mark.parametrize(("typed", "printed"), [
    ("", ""),
    ("plain words", "plain words"),
    ("It's the '90s", "It’s the ’90s"),  # an apostrophe before a digit, not a quote
    ("the students' books", "the students’ books"),
    ("('quoted') and [\"square\"]", "(‘quoted’) and [“square”]"),  # after a bracket
    ("yes\u2014\"no\"", "yes—“no”"),  # after a dash
    ("*\"word\"* and \"*word*\"", "*“word”* and “*word*”"),  # around emphasis
    ("\"She said 'it's fine' twice\"", "“She said ‘it’s fine’ twice”"),  # nested
    ("5\" screen, 6' tall", "5\" screen, 6' tall"),  # inch and foot marks stay straight
    ("“Set by hand” and \"straight\"", "“Set by hand” and “straight”"),  # one style on a card
    ("\\\"kept\\\" and it\\'s", "\"kept\" and it's"),  # a backslash keeps it as typed
    ("Call :phone: \"now\"", "Call :phone: “now”"),
])
def test_quotes_and_apostrophes_in_english(typed, printed):
    assert typeset(typed, "en") == printed


APOSTROPHES = {  # language: (typed, printed): an apostrophe where a letter or century is left out
    "en": [("the 90's", "the 90’s"), ("rock 'n' roll", "rock ’n’ roll"),
           ("'Tis the season", "’Tis the season"), ("'twas 'cause of 'em", "’twas ’cause of ’em"),
           ("back in the '80s", "back in the ’80s"),
           ("'Hits of the '80s' tonight", "‘Hits of the ’80s’ tonight")],
    "de": [("die 90's", "die 90’s"), ("Rock 'n' Roll", "Rock ’n’ Roll"),
           ("so 'n Tag, hast du 'nen Stift?", "so ’n Tag, hast du ’nen Stift?"),
           ("'s ist spät", "’s ist spät"), ("die '80er", "die ’80er"),
           ("'Musik der '80er' heute", "‚Musik der ’80er‘ heute")],
    "fr": [("les années 90's", "les années 90’s"), ("du rock 'n' roll", "du rock ’n’ roll"),
           ("les '80s", "les ’80s"), ("l'équipe 'des '80s'", "l’équipe “des ’80s”")],
    "es": [("los 90's", "los 90’s"), ("el rock 'n' roll", "el rock ’n’ roll"),
           ("los '80", "los ’80"), ("'los '80' otra vez", "“los ’80” otra vez")],
    "pt": [("os anos 90's", "os anos 90’s"), ("o rock 'n' roll", "o rock ’n’ roll"),
           ("os '80", "os ’80"), ("'os '80' outra vez", "‘os ’80’ outra vez")],
    "pl": [("lata 90's", "lata 90’s"), ("rock 'n' roll", "rock ’n’ roll"),
           ("lata '80", "lata ’80"), ("'lata '80' znowu", "«lata ’80» znowu")],
}


@pytest.mark.parametrize(("language", "typed", "printed"), [
    (language, typed, printed) for language, pairs in APOSTROPHES.items()
    for typed, printed in pairs])
def test_a_left_out_letter_or_century_is_an_apostrophe_not_an_opening_quote(
        language, typed, printed):
    assert typeset(typed, language) == printed


def test_every_language_has_apostrophes_tested():
    assert sorted(languages()) == sorted(APOSTROPHES)


@pytest.mark.parametrize(("typed", "printed"), [
    ("Write to 'me@example.com' today", "Write to ‘me@example.com’ today"),
    ("Book at 'https://hc.example/book'.", "Book at ‘https://hc.example/book’."),
    ("Visit \"www.example.com/it's-here\", then", "Visit “www.example.com/it's-here”, then"),
    ("(\"o'brien@example.com\")", "(“o'brien@example.com”)"),
    ("6'2\" tall", "6'2\" tall"),  # feet and inches still stay straight
])
def test_a_quote_around_a_web_address_or_e_mail_is_the_sentences(typed, printed):
    """The quotes are set as quotes around the address, which prints exactly as typed."""
    assert typeset(typed, "en") == printed


@pytest.mark.parametrize(("typed", "printed"), [
    ("Ask - then listen", f"Ask{NB}– then listen"),  # a spaced hyphen never starts a line
    ("Ask -- then listen", f"Ask{NB}– then listen"),
    ("pages 10--20", "pages 10–20"),
    ("wait---really", "wait—really"),
    ("a well-known face", "a well-known face"),  # a hyphen in a word is a hyphen
    ("use \\-- literally", "use -- literally"),
    ("an icon :coffee-cup: here", "an icon :coffee-cup: here"),
])
def test_dashes(typed, printed):
    assert typeset(typed, "en") == printed


@pytest.mark.parametrize(("typed", "printed"), [
    ("Lightning talk: 3 minutes", f"Lightning talk: 3{NB}minutes"),
    ("Walk 10 km", f"Walk 10{NB}km"),
    ("Meet 5 people", f"Meet 5{NB}people"),
    ("about 2.5 hours", f"about 2.5{NB}hours"),
    ("over 50 %", f"over 50{NB}%"),
    ("3 conversations", "3 conversations"),  # a long word: a line may break before it
    ("at 10:30 sharp", "at 10:30 sharp"),  # a clock time is not a count
    ("room B12 today", "room B12 today"),  # a number inside a word is not a count
])
def test_a_number_stays_on_the_line_of_the_short_word_after_it(typed, printed):
    assert typeset(typed, "en") == printed


def test_french_spaces_before_tall_punctuation_and_inside_guillemets():
    assert typeset('Bonjour ! Ça va ? Voilà : " oui " ; bien', "fr") == \
        f"Bonjour{NB}! Ça va{NB}? Voilà{NB}: «{NB}oui{NB}»{NB}; bien"
    assert typeset("Appelez :phone: vite", "fr") == "Appelez :phone: vite"


def test_a_narrow_no_break_space_becomes_one_reportlab_keeps():
    assert typeset("10\u202f000", "fr") == f"10{NB}000"


def test_an_unknown_language_is_set_as_english():
    assert typeset("\"Hi\"", "xx") == "“Hi”"


def test_inline_sets_text_before_markup_and_keeps_no_break_spaces():
    assert str(inline("*\"Hi\"* & it's 10\u00a0km", "de")) == \
        f"<i>„Hi“</i> &amp; it’s 10{NB}km"
    assert str(inline("3 minutes\nlater\n\nnext", "en")) == f"3{NB}minutes later<br/>next"


def test_markup_and_attribute_values_are_never_touched():
    # the text is set before it is escaped: quotes the coach typed are entities, never tags
    assert str(inline("<b class=\"x\">", "en")) == "&lt;b class=“x”&gt;"


HYPHENATION = {  # the splits accepted, per language: at least 3 letters either side
    "en": "net-work-ing con-ver-sa-tion intro-duce uncom-fort-able col-leagues pre-sen-ta-tion "
          "con-fi-dence inter-view feed-back some-thing busi-ness",
    "de": "Zusam-men-ar-beit Arbeits-platz Gesprächs-part-ner Mit-ar-bei-tende Rück-mel-dung "
          "Ver-ant-wor-tung Vor-stel-lungs-ge-spräch Kaf-fee-pause Her-aus-for-de-rung "
          "Bewer-bung Selbst-ver-trauen",
    "fr": "conver-sa-tion pré-sen-ta-tion col-lègues entre-tien réseau-tage pro-fes-sion-nel "
          "ren-contre ques-tion confiance inconnu",
    "es": "con-ver-sa-ción pre-sen-ta-ción com-pa-ñe-ros entre-vista con-fianza des-co-no-cido "
          "pre-gunta pro-fe-sio-nal reu-nión tra-bajo",
    "pt": "con-ver-sa-ção apre-sen-ta-ção cole-gas entre-vista con-fi-ança des-co-nhe-cido "
          "per-gunta pro-fis-sio-nal reu-nião tra-ba-lho",
    "pl": "roz-mowa pre-zen-ta-cja współ-pra-cow-nik kwa-li-fi-ka-cyjną zaufa-nie nie-zna-jomy "
          "pyta-nie zawo-dowy spo-tka-nie przed-się-bior-stwo",
}


@pytest.mark.parametrize("language", sorted(HYPHENATION))
def test_hyphenation_splits_words_where_a_reader_expects(language):
    for expected in HYPHENATION[language].split():
        assert hyphenated(expected.replace("-", ""), language) == expected


def test_every_language_has_hyphenation_tested():
    assert sorted(languages()) == sorted(HYPHENATION)


@pytest.mark.parametrize("word", ["Netzwerk", "Teamleitung", "Zusammenarbeit"])
def test_no_break_leaves_fewer_than_three_letters(word):
    for piece in (hyphenated(word, "de").split("-")[0], hyphenated(word, "de").split("-")[-1]):
        assert len(piece) >= 3


def test_short_words_and_words_with_other_signs_are_not_hyphenated():
    assert hyphenated("Arbeit", "de") == "Arbeit"  # 6 letters
    assert hyphenated("quelqu'un", "fr") == "quelqu'un"
    assert hyphenated("B12-Ticket", "de") == "B12-Ticket"


@pytest.mark.parametrize(("points", "kept"), [
    ([5, 7, 8, 9, 10], [5, 8, 10]),  # Zusam|me|n|a|r|beit -> Zusam|men|ar|beit
    ([3, 4, 5], [3, 5]),  # Mit|a|r|bei -> Mit|ar|bei
    ([2, 5, 8], [2, 5, 8]),
    ([], []),
])
def test_one_letter_syllables_are_dropped(points, kept):
    assert thinned(points) == kept


@pytest.mark.parametrize("text", [
    "Book at https://hc.example/book?ref=\"coach\"&day=2 today",
    "Write to o'brien@example.com",
    "See www.example.com/it's-here",
])
def test_web_addresses_and_e_mails_print_as_typed(text):
    link = next(word for word in text.split() if "@" in word or "." in word[4:])
    assert link in typeset(text, "en")


def test_the_coachs_text_follows_the_decks_language_not_the_clients():
    assert print_language({"language": "en", "deck_language": "de"}) == "de"
    assert print_language({"language": "fr"}) == "fr"  # a context without the deck's own
    assert print_language({}) == "en"
