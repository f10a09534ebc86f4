"""Small rules of the content area: sizes, file names, welcome blocks, moving rows."""

from types import SimpleNamespace

from portail_core.services.content.downloads import attachment_name
from portail_core.services.content.ordering import DOWN, UP, move, next_position
from portail_core.views.content import human_size
from portail_core.views.home import welcome_blocks


def test_download_sizes_read_in_french():
    assert human_size(10) == "1\u00a0Ko"
    assert human_size(245 * 1024) == "245\u00a0Ko"
    assert human_size(10 * 1024 * 1024) == "10,0\u00a0Mo"


def test_attachment_names_are_plain_ascii():
    assert attachment_name("Règlement ALP ALE") == "Reglement-ALP-ALE.pdf"
    assert attachment_name('../../etc/passwd"; x=y') == "etc-passwd-x-y.pdf"
    assert attachment_name("«»") == "document.pdf"


def test_welcome_text_paragraphs_and_lists():
    text = "Bonjour !\n\n- Accueil\n- Restaurant\n\nBonne\nnavigation"
    assert welcome_blocks(text) == [
        ("p", "Bonjour !"),
        ("ul", ["Accueil", "Restaurant"]),
        ("p", "Bonne navigation"),
    ]
    assert welcome_blocks("") == []


def rows(*positions):
    return [SimpleNamespace(name=f"r{i}", position=p) for i, p in enumerate(positions)]


def test_move_renumbers_and_swaps_with_the_neighbour():
    a, b, c = rows(0, 0, 7)  # equal positions and gaps still move one step
    assert move([a, b, c], c, UP)
    assert [r.position for r in (a, b, c)] == [0, 2, 1]
    assert not move([a, c, b], a, UP)
    assert not move([a, c, b], b, DOWN)
    assert not move([a, c, b], b, "sideways")
    assert next_position([]) == 0 and next_position([3, 1]) == 4
