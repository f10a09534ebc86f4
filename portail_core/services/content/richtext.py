"""Rich text that agents write (news, information pages), made safe before it is stored.

Agents type HTML through a small toolbar, or plain text. Either way the text goes through
:func:`sanitize` on save, and templates render only the stored, sanitised result: no
script, no event handler, no style, no ``javascript:`` link can reach a parent's browser.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4",
    "ul", "ol", "li", "a", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Their content is dropped, not merely their tags: the text of a script is never shown.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}

_BLANK_LINES = re.compile(r"\n\s*\n")
_TAG = re.compile(r"<[a-zA-Z/!]")
_BLOCK_TAG = re.compile(r"<(p|ul|ol|h[1-6]|blockquote|div|table)\b", re.IGNORECASE)


def paragraphs(text, escape=True):
    """Text to paragraphs: a blank line starts a paragraph, a newline is a ``<br>``."""
    parts = [part.strip() for part in _BLANK_LINES.split(text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + (html.escape(part) if escape else part).replace("\n", "<br>") + "</p>"
        for part in parts
        if part
    )


def sanitize(text):
    """The safe HTML to store for ``text``: HTML from the toolbar, plain text, or both.

    Text without any block element gets its paragraphs and line breaks from its blank
    lines and newlines; text without any tag is escaped first (``a < b`` stays text).
    """
    text = (text or "").strip()
    if not _TAG.search(text):
        text = paragraphs(text)
    elif not _BLOCK_TAG.search(text):
        text = paragraphs(text, escape=False)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def is_blank(safe_html):
    """True when sanitised HTML shows no text at all (only empty tags or spaces)."""
    return not re.sub(r"<[^>]*>|&nbsp;|\s", "", safe_html or "")
