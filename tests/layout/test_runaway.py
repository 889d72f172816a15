"""A layout that runs away (a huge text in one step, loops inside loops, a text padded to a
billion characters) is stopped with one message naming it, in bounded time and memory."""

from __future__ import annotations

import pytest

from deckpress.cli import main
from deckpress.layout import templates
from helpers import assert_one_error, edit

RUNAWAYS = {
    "text times a huge number": ('{{ "a" * 10**10 }}', "tried something unsafe"),
    "a power of a billion": ("{{ 2 ** (10 ** 9) }}", "the power 1000000000 is too large"),
    "loops inside loops that print": (
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        "was stopped: it "),  # wrote too much, or ran too long
    "loops inside loops that print nothing": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "ran for more than 1 s"),
    "a format width of ten billion": ('{{ "{:>10000000000}".format(1) }}',
                                      "asked for more than 300 MB of memory"),
    "a constant padded to a billion": ('{{ "x"|center(1000000000) }}',
                                       "asked for more than 300 MB of memory"),
    "replacements that multiply": (
        '{{ ("a" * 1000)|replace("a", "a" * 1000)|replace("a", "a" * 1000) }}',
        "asked for more than 300 MB of memory"),
}


@pytest.mark.parametrize("case", list(RUNAWAYS))
def test_a_runaway_layout_is_stopped_and_named(workspace, runner, monkeypatch, case):
    monkeypatch.chdir(workspace)
    monkeypatch.setattr(templates, "MAX_SECONDS", 1.0)  # the real limit is 20 s
    body, expected = RUNAWAYS[case]
    edit(workspace / "templates/prompt.xml", "{% endblock %}", body + "\n{% endblock %}")
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert_one_error(result, ["templates/prompt.xml", "card 'TT-01'", expected])
    assert not (workspace / "output/tt.pdf").exists()


def test_the_limits_are_lifted_after_each_rendering():
    import resource
    import signal

    before = resource.getrlimit(resource.RLIMIT_DATA)
    with templates.time_limit(5), templates.memory_limit(1024):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_the_layouts_of_a_whole_build_share_one_time_limit(workspace, runner, monkeypatch):
    """Each card under its own limit, but together too long: stopped with the reason."""
    monkeypatch.chdir(workspace)
    monkeypatch.setattr(templates, "BUILD_SECONDS", 1.0)
    monkeypatch.setattr(templates, "MAX_SECONDS", 0.5)
    edit(workspace / "templates/prompt.xml", "{% endblock %}",
         "{% for i in range(100000) %}{% for j in range(100) %}{% endfor %}{% endfor %}\n"
         "{% endblock %}")
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert_one_error(result, ["templates/prompt.xml", "was stopped"])


@pytest.mark.parametrize(("body", "expected"), [
    ('{% for i in range(3000) %}<rect x="1" y="1" w="1" h="1"/>{% endfor %}',
     "elements, more than the 2,000 one face may have"),
    ('<text x="2" y="2" w="20" h="10">{{ "word " * 5000 }}</text>',
     "characters, more than the 20,000 a card can show"),
])
def test_card_markup_too_large_to_draw(workspace, runner, monkeypatch, body, expected):
    monkeypatch.chdir(workspace)
    edit(workspace / "templates/prompt.xml", "{% endblock %}", body + "\n{% endblock %}")
    result = runner.invoke(main, ["build", "cards/table-talk.yaml", "-o", "output/tt.pdf"])
    assert_one_error(result, ["card 'TT-01'", expected])
