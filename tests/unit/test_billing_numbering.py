"""Invoice number formats of the régies (tenant file) and their validation."""

from datetime import date

import pytest

from portail_core.services.billing.numbering import check_number_format, format_number, scope_of


@pytest.mark.parametrize(
    ("fmt", "seq", "expected"),
    [("{seq:05d}", 727, "00727"), ("2006-{seq:05d}", 98, "2006-00098"),
     ("{year}-{seq:04d}", 3, "2018-0003"), ("{seq}", 12, "12")],
)  # fmt: skip
def test_formats_give_the_seeds_numbers(fmt, seq, expected):
    assert format_number(fmt, seq, date(2018, 1, 26)) == expected


def test_a_year_in_the_format_restarts_the_sequence_each_year():
    assert scope_of("{year}-{seq:05d}", date(2018, 1, 26)) == "2018"
    assert scope_of("2006-{seq:05d}", date(2018, 1, 26)) == ""


@pytest.mark.parametrize(
    ("fmt", "message"),
    [("F-{num}", "{seq}"), ("{seq}{month}", "champ inconnu"), ("{seq", "accolades"),
     ("{seq:s}", "format invalide")],
)  # fmt: skip
def test_bad_formats_are_refused_in_french(fmt, message):
    with pytest.raises(ValueError) as failure:
        check_number_format(fmt)
    assert message in str(failure.value)
