"""Every page a parent, a guardian in shared custody or a staff member reaches by following
links, in English, at both communes: no French message id of the catalog left on it (in
its text or its titles, labels and placeholders), and no page in error. The town hall's
own texts (news, pages) stay in the language they were written in."""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from portail_core.services.family.lists import family_lists
from portail_core.testing.translations import THEIRS, translated_ids

LOGINS = {
    "balaruc": [
        ("valentina.test@example.org", "Valentina-2019"),
        ("camille.leroy@example.org", "Leroy-Garde-2026"),
        ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
    ],
    "batz": [
        ("famille.aabelium@example.org", "Baptiste-2018"),
        ("yann.lebihan@example.org", "Lebihan-Garde-2026"),
        ("sej@batz.example.org", "Agent-Batz-2018"),
    ],
}
# Files, the gateways' simulators and the way out are no pages to read.
NOT_A_PAGE = re.compile(
    r"/deconnexion|\.(csv|pdf|ics|zip|json)\b|/telecharger|/fichier|/_simulateur|/export"
)
SAME_SHAPE = 3  # pages of one shape (ids and dates aside) read by each visitor
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


@pytest.fixture
def french_ids(app):
    return translated_ids(app.registry, "en", min_words=2)


def _shape(url):
    return re.sub(r"\d+", "N", url)


def _links(soup, host):
    for anchor in soup.find_all("a", href=True):
        parts = urlsplit(anchor["href"])
        if parts.netloc not in ("", host) or not parts.path.startswith("/"):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if not NOT_A_PAGE.search(url):
            yield url


def _readable(soup):
    """What the portal itself writes: not the town hall's own texts (news, pages, welcome)
    nor values as the audit trail recorded them."""
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    for theirs in soup.select(THEIRS):
        theirs.decompose()
    shown = [soup.get_text(" ")]
    shown += [str(tag.get(name)) for tag in soup.find_all(True) for name in ATTRIBUTES]
    return " ".join(" ".join(shown).split())


@pytest.mark.parametrize("commune", ["balaruc", "batz"])
def test_every_linked_page_reads_in_english(commune, demo_data, client_for, french_ids):
    host = f"{commune}.localhost"
    lists = family_lists(demo_data.get(commune))  # the commune's labels, as it wrote them
    theirs = {label for name in vars(lists) for label in getattr(lists, name)}
    french_ids = [message_id for message_id in french_ids if message_id not in theirs]
    left, broken, read = {}, [], 0
    for login in LOGINS[commune]:
        web = client_for(commune)
        web.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
        web.login(*login)
        seen, shapes, todo = set(), Counter(), ["/", "/mon-compte", "/agents/"]
        while todo:
            url = todo.pop(0)
            if url in seen or shapes[_shape(url)] >= SAME_SHAPE:
                continue
            seen.add(url)
            shapes[_shape(url)] += 1
            answer = web.get(url, expect_errors=True)
            if answer.status_int >= 500:
                broken.append((login[0], url, answer.status_int))
            if answer.content_type != "text/html":
                continue
            read += 1
            soup = BeautifulSoup(answer.text, "html.parser")
            todo.extend(link for link in _links(soup, host) if link not in seen)
            text = _readable(soup)
            for message_id in french_ids:
                if message_id in text:
                    left.setdefault(message_id, url)
    assert len(french_ids) > 1000
    assert read > 150  # the crawl went well beyond the home pages
    assert broken == []
    assert left == {}, left
