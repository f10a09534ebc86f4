"""The rich-text sanitiser keeps the toolbar's tags and drops everything that could run."""

import pytest

from portail_core.services.content.richtext import is_blank, sanitize


def test_plain_text_becomes_escaped_paragraphs():
    assert sanitize("Bonjour\n\nligne 1\nligne 2") == "<p>Bonjour</p><p>ligne 1<br>ligne 2</p>"
    assert sanitize("a < b & c") == "<p>a &lt; b &amp; c</p>"


def test_inline_markup_without_paragraphs_gets_them():
    assert sanitize("Bonjour <strong>à tous</strong>\n\nSuite") == (
        "<p>Bonjour <strong>à tous</strong></p><p>Suite</p>"
    )


def test_the_toolbars_tags_are_kept():
    html = (
        "<h3>Titre</h3><p><em>un</em> <strong>deux</strong></p><ul><li>trois</li></ul>"
        '<p><a href="https://www.example.org/" title="site">lien</a></p>'
    )
    assert sanitize(html) == html.replace(
        'title="site">', 'title="site" rel="noopener noreferrer">'
    )


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<iframe src="https://evil.example"></iframe>',
        "<svg><script>alert(1)</script></svg>",
        '<p onmouseover="alert(1)">x</p>',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example"><input name="password"></form>',
        '<object data="x.swf"></object><embed src="x.swf">',
    ],
)
def test_attacks_are_neutralised(attack):
    cleaned = sanitize(f"<p>avant</p>{attack}<p>après</p>").lower()
    for bad in (
        "<script",
        "onerror",
        "onmouseover",
        "javascript:",
        "data:",
        "<iframe",
        "style",
        "<svg",
        "<form",
        "<input",
        "<object",
        "<embed",
        "alert(1)",
    ):
        assert bad not in cleaned, (attack, cleaned)
    assert "<p>avant</p>" in cleaned and "<p>après</p>" in cleaned


def test_links_get_rel_noopener():
    assert 'rel="noopener noreferrer"' in sanitize('<p><a href="/telechargements/1">x</a></p>')


def test_blank():
    assert is_blank(sanitize("<p> </p><script>x</script>"))
    assert not is_blank(sanitize("texte"))
