"""Logs are JSON lines with a request id (also sent back in a header), and whole journeys
(login, reset, child sheet, payment) leave no password, token, session id, card or health
field, nor activation link in them."""

import json
import logging
import re

import pytest
from sqlalchemy import select

from portail_core.logs import JsonFormatter, ReadableFormatter, redact
from portail_core.models.family import Child

PARENT = ("famille.aabelium@example.org", "Baptiste-2018")
NEW_PASSWORD = "Nouveau-Secret-2026"
HEALTH = "Allergie-Kiwi-Secrete"


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def captured():
    handler = Captured()
    logger = logging.getLogger("portail_core")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield handler.lines
    logging.getLogger().removeHandler(handler)
    logger.setLevel(level)


def test_journeys_log_json_with_request_ids_and_no_secret(
    demo_data, batz, client_for, dbsession, mailbox, captured
):
    form = batz.get("/mot-de-passe-oublie").forms["forgot"]
    form["email"] = PARENT[0]
    form.submit("submit", status=303)
    link = re.search(r"https?://\S+/reinitialiser/\S+", mailbox[0].body).group(0)
    token = link.rsplit("/", 1)[1]
    reset = client_for("batz")
    form = reset.get(link).forms["reset"]
    form["password"] = form["confirm"] = NEW_PASSWORD
    form.submit("submit", status=303)
    batz.login(PARENT[0], "wrong-Password-1", status=200)
    answer = batz.login(PARENT[0], NEW_PASSWORD)
    child = dbsession.scalar(select(Child).where(Child.first_name == "BAPTISTE"))
    form = batz.get(f"/famille/enfants/{child.id}").forms["child-sheet"]
    form["allergy_food"].checked = True
    form["allergy_food_details"] = HEALTH
    form.submit("save", status=303)
    batz.get("/mes-factures", status="*")
    batz.get("/paiement-en-ligne", status="*")
    batz.get(f"/reinitialiser/{token}", status="*")  # a used link, logged by its route only

    assert len(captured) > 10
    records = [json.loads(line) for line in captured]  # one JSON object a line
    ids = {record["request_id"] for record in records if record["name"] == "portail_core.access"}
    assert answer.headers["X-Request-Id"] in ids
    routes = {record.get("route") for record in records}
    assert "/reinitialiser/***" in routes  # the pattern, masked like any such link
    text = "\n".join(captured)
    secrets = [token, NEW_PASSWORD, "wrong-Password-1", PARENT[1], HEALTH]
    secrets += [batz.cookies["portail_session"], reset.cookies.get("portail_session", "~")]
    secrets += [batz.csrf_token()]
    for secret in secrets:
        assert secret not in text


def test_the_safety_net_masks_what_no_code_should_log():
    line = (
        "GET /activation/abcDEF123456 password=hunter2&csrf_token=abc "
        "card 4970 1000 0000 0003 cookie portail_session=xyz " + "k" * 43
    )
    masked = redact(line)
    for secret in ("abcDEF123456", "hunter2", "csrf_token=abc", "4970", "xyz", "k" * 43):
        assert secret not in masked


def test_the_demo_reads_lines_with_their_request_id():
    formatter = ReadableFormatter("%(levelname)s [%(request_id)s] %(message)s")
    record = logging.LogRecord("portail_core", logging.INFO, "", 0, "hello", (), None)
    assert formatter.format(record) == "INFO [-] hello"


def test_sql_lines_keep_the_statement_never_the_values():
    formatter = JsonFormatter()
    name = "sqlalchemy.engine.Engine"
    row = logging.LogRecord(name, logging.DEBUG, "", 0, "Row %r", (("Dr MARTIN", "PAI"),), None)
    params = logging.LogRecord(name, logging.INFO, "", 0, "[%s] %r", ("cached", (HEALTH,)), None)
    statement = logging.LogRecord(name, logging.INFO, "", 0, "SELECT child.pai", (), None)
    assert "Dr MARTIN" not in formatter.format(row)
    assert HEALTH not in formatter.format(params) and "cached" in formatter.format(params)
    assert "SELECT child.pai" in formatter.format(statement)
    assert row.args == (("Dr MARTIN", "PAI"),)  # other handlers get the record unchanged
