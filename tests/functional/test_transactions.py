"""One transaction per request: the harness sees what a request really committed.

A throw-away plugin adds two views through the ``portail_pyramid_configure`` bridge, both
writing with raw SQL; only the one that tells zope.sqlalchemy (``mark_changed``) is kept.
That is the trap these tests guard against everywhere: a page that says OK while its
write was rolled back.
"""

from pyramid.response import Response
from sqlalchemy import select, text
from zope.sqlalchemy import mark_changed

from portail_core import hookimpl
from portail_core.models.family import Family


def _rename(request, mark):
    request.dbsession.execute(
        text("UPDATE family SET name = :name WHERE tenant_id = :tenant"),
        {"name": "RENOMMEE", "tenant": request.tenant.id},
    )
    if mark:
        mark_changed(request.dbsession)
    return Response("OK")


class RawSQLPlugin:
    @hookimpl
    def portail_pyramid_configure(self, config):
        config.add_route("test.raw_unmarked", "/-test/raw-unmarked")
        config.add_route("test.raw_marked", "/-test/raw-marked")
        config.add_view(
            lambda r: _rename(r, False), route_name="test.raw_unmarked", require_csrf=False
        )
        config.add_view(
            lambda r: _rename(r, True), route_name="test.raw_marked", require_csrf=False
        )


def _names(dbsession):
    dbsession.expire_all()
    return set(dbsession.scalars(select(Family.name).where(Family.tenant_id == "balaruc")))


def test_raw_sql_write_without_mark_changed_is_lost(demo_data, make_app, client_for, dbsession):
    app = make_app(**{"portail.extra_plugin_objects": [("raw_sql", RawSQLPlugin())]})
    client = client_for("balaruc", app)
    before = _names(dbsession)
    assert "TEST" in before
    assert client.post("/-test/raw-unmarked").text == "OK"
    assert _names(dbsession) == before
    client.post("/-test/raw-marked")
    assert _names(dbsession) == {"RENOMMEE"}


def test_a_failing_request_writes_nothing(demo_data, make_app, client_for, dbsession):
    class Failing:
        @hookimpl
        def portail_pyramid_configure(self, config):
            def view(request):
                family = request.dbsession.scalar(
                    select(Family).where(Family.tenant_id == "balaruc")
                )
                family.name = "PERDUE"
                request.dbsession.flush()
                raise RuntimeError("boom")

            config.add_route("test.failing", "/-test/failing")
            config.add_view(view, route_name="test.failing", require_csrf=False)

    app = make_app(**{"portail.extra_plugin_objects": [("failing", Failing())]})
    before = _names(dbsession)
    page = client_for("balaruc", app).post("/-test/failing", status=500)
    assert "Une erreur est survenue" in page.text and "Traceback" not in page.text
    assert _names(dbsession) == before and "PERDUE" not in before
