"""Small pieces of the family area: paging, history values, raw forms, upload checks."""

import os
import time
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import colander
import pytest
from webob.multidict import MultiDict

from portail_core.paging import Pager, page_number
from portail_core.rawforms import RawForm, flatten, nest
from portail_core.schemas.family import FamilyFileSchema
from portail_core.schemas.family_nodes import FrenchDate, FrenchDecimal
from portail_core.services.audit.trail import display
from portail_core.services.family.documents import MAX_DOCUMENT_SIZE, DocumentError, check_upload
from portail_core.storage import LocalFileStore
from portail_core.testing.fixtures import french
from portail_core.uploads import KEPT_LIFETIME, MAX_KEPT, KeptUploads

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108020000009077")


@pytest.mark.parametrize(
    ("number", "total", "summary", "offset"),
    [
        (1, 0, "0 élément", 0),
        (1, 1, "de 1 à 1 sur 1 élément", 0),
        (1, 7, "de 1 à 5 sur 7 éléments", 0),
        (2, 7, "de 6 à 7 sur 7 éléments", 5),
        (9, 7, "de 6 à 7 sur 7 éléments", 5),
    ],
)
def test_pager(number, total, summary, offset):
    pager = Pager(number, 5, total)
    assert pager.summary.interpolate() == summary
    assert pager.offset == offset


def test_page_number_ignores_odd_values():
    assert [page_number(v) for v in (None, "", "abc", "-3", "0", "2")] == [1, 1, 1, 1, 1, 2]


def test_history_shows_values_as_families_read_them():
    assert display(None) == ""
    assert display(True) == "Oui" and display(False) == "Non"
    assert display(date(2011, 1, 1)) == "01/01/2011"
    assert display(Decimal("612.5")) == "612,50"
    assert display("BCG") == "BCG"


class Localizer:
    @staticmethod
    def translate(message):
        return str(message)


class Request:
    localizer = Localizer()


def test_raw_form_keeps_what_was_typed_and_gives_messages_by_path():
    form = RawForm(Request(), FamilyFileSchema())
    posted = MultiDict(
        {
            "guardian_1.civility": "Madame",
            "guardian_1.last_name": "DURAND",
            "guardian_1.first_name": "Anne",
            "guardian_1.email": "anne.durand.example.org",
            "address.postal_code": "4474",
        }
    )
    assert form.validate(posted) is None
    assert form.value("guardian_1.email") == "anne.durand.example.org"
    assert "Adresse e-mail invalide" in form.error("guardian_1.email")
    assert "Code postal invalide" in form.error("address.postal_code")


def test_guardian_two_is_optional_until_one_field_is_filled():
    form = RawForm(Request(), FamilyFileSchema())
    base = {
        "guardian_1.civility": "Madame",
        "guardian_1.last_name": "A",
        "guardian_1.first_name": "B",
    }
    assert form.validate(MultiDict(base)) is not None
    assert form.validate(MultiDict({**base, "guardian_2.phone_mobile": "0612345678"})) is None
    assert set(form.errors) == {
        "guardian_2.civility",
        "guardian_2.last_name",
        "guardian_2.first_name",
    }


def test_nest_and_flatten_are_reverse():
    schema = FamilyFileSchema()
    flat = flatten({"address": {"city": "SÈTE"}, "csrf_token": "x"})
    assert flat == {"address.city": "SÈTE", "csrf_token": "x"}
    cstruct = nest(schema, flat)
    assert cstruct["address"]["city"] == "SÈTE"
    assert cstruct["guardian_1"]["email"] is colander.null


@pytest.mark.parametrize(
    ("typed", "expected"), [("31/12/2018", date(2018, 12, 31)), ("2018-12-31", date(2018, 12, 31))]
)
def test_french_date_accepts_both_forms(typed, expected):
    assert FrenchDate().deserialize(None, typed) == expected


def test_french_decimal_is_never_a_float():
    node = colander.SchemaNode(FrenchDecimal())
    assert node.deserialize("612,5") == Decimal("612.50")
    with pytest.raises(colander.Invalid):
        node.deserialize("douze")
    with pytest.raises(colander.Invalid):
        node.deserialize("NaN")


def test_check_upload_recognises_content_not_names():
    assert check_upload("avis.pdf", PDF) == "application/pdf"
    assert check_upload("photo.pdf", PNG) == "image/png"


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("programme.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "format accepté"),
        ("gros.pdf", PDF + b"0" * (MAX_DOCUMENT_SIZE + 1 - len(PDF)), "2 Mo"),
        ("../../etc/passwd.pdf", PDF, "caractères interdits"),
        ("<script>alert(1)</script>.pdf", PDF, "caractères interdits"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_check_upload_refusals_name_the_file_field(filename, data, message):
    with pytest.raises(DocumentError) as raised:
        check_upload(filename, data)
    assert raised.value.field == "file"
    assert message in french(raised.value.message)


def test_exactly_two_megabytes_is_accepted():
    data = PDF + b"0" * (MAX_DOCUMENT_SIZE - len(PDF))
    assert check_upload("limite.pdf", data) == "application/pdf"


class KeptRequest:
    """What :class:`KeptUploads` needs of a request: a session, the file store, a tenant."""

    def __init__(self, root):
        self.session = {}
        self.files = LocalFileStore(root)
        self.tenant = SimpleNamespace(id="balaruc")


def test_kept_uploads_are_few_per_session_and_swept_when_old(tmp_path):
    request = KeptRequest(tmp_path)
    kept = KeptUploads(request)
    tokens = [kept.keep(f"f{i}.pdf", "application/pdf", PDF).token for i in range(MAX_KEPT + 2)]
    assert len(request.session["uploads.kept"]) == MAX_KEPT
    assert kept.get(tokens[-1]).filename == f"f{MAX_KEPT + 1}.pdf"
    assert kept.read(tokens[-1]) == PDF
    assert kept.get("inconnu") is None
    files = list((tmp_path / "balaruc" / "kept").glob("*/*"))
    assert len(files) == MAX_KEPT
    old = time.time() - KEPT_LIFETIME - 60
    for path in files:
        os.utime(path, (old, old))
    kept.sweep()
    assert list((tmp_path / "balaruc" / "kept").glob("*/*")) == []
    kept.discard(tokens[-1])
    assert tokens[-1] not in request.session["uploads.kept"]
