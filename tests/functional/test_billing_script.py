"""``portail-invoice-run``: arguments, a run with its progress bar, publication."""

from datetime import date

import pytest
from sqlalchemy import select

from portail_core.models.billing import PUBLISHED, Invoice
from portail_core.scripts.invoice_run import parse, run
from portail_core.testing.billing import book, family_with_child


def test_arguments_take_french_dates():
    args = parse(["config/development.ini", "batz", "periscolaire", "--du", "01/03/2018",
                  "--au", "31/03/2018", "--publier"])  # fmt: skip
    assert (args.start, args.end, args.publier) == (date(2018, 3, 1), date(2018, 3, 31), True)
    with pytest.raises(SystemExit):
        parse(["config/development.ini", "batz", "periscolaire", "--du", "2018-03-01"])


def test_the_script_drafts_then_publishes(dbsession, other_tenant, capsys):
    _, child = family_with_child(dbsession, "batz", "MARTIN", "LOU")
    book(dbsession, other_tenant, child, "periscolaire", "matin", [date(2018, 3, 5)])
    status = run(dbsession, other_tenant, "periscolaire", date(2018, 3, 1), date(2018, 3, 31), True)
    assert status == 0
    out, err = capsys.readouterr()
    assert "1 facture(s) préparée(s), total 1,75" in out and "1 facture(s) publiée(s)." in out
    assert "Facturation" in err and "1/1" in err  # the progress bar
    invoice = dbsession.scalar(select(Invoice))
    assert invoice.status == PUBLISHED and invoice.number == "00001"
    assert (
        run(dbsession, other_tenant, "periscolaire", date(2018, 3, 1), date(2018, 3, 31), False)
        == 0
    )
    assert "Aucune présence à facturer" in capsys.readouterr().out


def test_the_script_reports_a_refusal(dbsession, other_tenant, capsys):
    status = run(
        dbsession, other_tenant, "periscolaire", date(2018, 3, 31), date(2018, 3, 1), False
    )
    assert status == 1
    assert "précède son début" in capsys.readouterr().err
