"""The fuzz verdicts tell an internal name escaping from the request's own words echoed."""

from portail_core.testing.fuzz import REQUIRED_HEADERS, Answer, FuzzRequest, Verdicts

HEADERS = [(name, "set") for name in REQUIRED_HEADERS]


def _problems(body, query=""):
    verdicts = Verdicts()
    request = FuzzRequest(host="balaruc.localhost", method="GET", path="/", query=query)
    verdicts.check(request, Answer(200, HEADERS, body.encode()), written=[])
    return [problem for problems, _request, _body in verdicts.faults for problem in problems]


def test_a_traceback_in_a_body_is_a_leak():
    assert _problems("<p>Traceback (most recent call last)</p>") == [
        "internal name in body: 'Traceback'"
    ]


def test_a_word_the_request_carried_and_the_page_gives_back_is_an_echo():
    body = '<input type="hidden" name="came_from" value="/?q=Exception">'
    assert _problems(body, query="q=Exception") == []


def test_an_echo_does_not_hide_a_leak_further_down():
    body = '<input name="came_from" value="/?q=Exception"> KeyError: 12'
    assert _problems(body, query="q=Exception") == ["internal name in body: 'KeyError'"]
