"""Every user-facing text goes through the translation machinery, and every message id
has its English translation (issue 15): the checker on the core and the plugins, then the
catalogs against a fresh extraction."""

import pytest

from portail_core.i18n import checker
from portail_core.i18n.catalogs import domains, problems


def test_no_text_escapes_translation_in_the_core_and_the_plugins():
    report = checker.check_paths(checker.default_paths())
    assert not report, "\n".join(report[:60]) + f"\n… {len(report)} en tout"


@pytest.mark.parametrize("domain", domains(), ids=lambda domain: domain.name)
def test_every_message_id_is_translated(domain):
    found = problems(domain)
    assert not found, "\n".join(found[:60]) + f"\n… {len(found)} en tout"


# The checker itself: what it must catch, what it must let through.


def test_checker_catches_text_outside_translation():
    found = checker.check_template('<p class="x">Réserver un jour</p>')
    assert [message for _line, message, _text in found] == ["texte hors de i18n:translate"]


def test_checker_catches_a_value_inside_a_translated_text():
    found = checker.check_template('<p i18n:translate="">Réserver pour ${child.name}</p>')
    assert found and "i18n:name" in found[0][1]


def test_checker_catches_an_untranslated_attribute():
    found = checker.check_template('<a href="/" title="Retour à l\'accueil">${x}</a>')
    assert found and "title" in found[0][1]


def test_checker_accepts_the_convention():
    template = """<div i18n:domain="portail_core">
      <p i18n:translate="">Réserver pour <strong i18n:name="child">${child.name}</strong></p>
      <a href="/" title="Retour" i18n:attributes="title">${fmt.money(total)}</a>
      <span tal:content="label">Réservé</span> <input type="hidden" name="a" value="b">
      <span i18n:ignore="">Balaruc-le-Vieux</span><script src="/static/x.js"></script>
    </div>"""
    assert checker.check_template(template) == []


def test_checker_catches_french_in_python_but_not_in_docstrings_logs_or_translated():
    source = '''"""Un module qui réserve."""
import logging
from portail_core.i18n import _
log = logging.getLogger(__name__)
LABEL = "Présence acceptée"
OK = _("Présence refusée")
def f():
    """Une fonction de la commune."""
    log.info("Réservation enregistrée pour %s", 1)
    flash = f"Vous avez réservé {3} jours"
    code = "en_attente"
    raise ValueError("valeur inconnue pour la régie")
'''
    found = checker.check_python(source)
    assert [line for line, _message, _text in found] == [5, 10]


def test_checker_catches_a_form_label_or_message_even_without_french_words():
    source = """import colander
from portail_core.i18n import _
class Days(colander.SchemaNode):
    title = "Jours d'ouverture"
    code = "jours"
start = colander.SchemaNode(colander.Date(), title="Du", name="start")
end = colander.SchemaNode(colander.Date(), title=_("Au"), missing_msg="Requis")

gateway = colander.SchemaNode(colander.String(), title="Systempay")  # i18n: ignore
"""
    found = checker.check_python(source)
    assert [(line, text) for line, _message, text in found] == [
        (4, "Jours d'ouverture"),
        (6, "Du"),
        (7, "Requis"),
    ]


def test_checker_catches_words_outside_expressions_in_mail_templates():
    found = checker.check_mail_template('${_("Bonjour ${name},", mapping={"name": n})}\nMerci.\n')
    assert [line for line, _message, _text in found] == [2]
