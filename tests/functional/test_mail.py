"""E-mails rendered during a request leave the page's own values alone."""

from pyramid_mailer.interfaces import IMailer

from portail_core import hookimpl
from portail_core.mail import send_templated


class FlashThenMail:
    """A view that says something to the user, then e-mails them: the order of
    agents' views that flash before they tell a family."""

    @hookimpl
    def portail_pyramid_configure(self, config):
        from pyramid.httpexceptions import HTTPSeeOther

        def view(request):
            request.session.flash("Message pour la page suivante.", "success")
            send_templated(
                request, "parent@example.org", "Objet", "password_changed", user=request.user
            )
            return HTTPSeeOther(request.route_url("accounts.account"))

        config.add_route("test.flash_then_mail", "/-test/flash-then-mail")
        config.add_view(view, route_name="test.flash_then_mail", require_csrf=False)


def test_a_message_flashed_before_an_email_still_shows(demo_data, make_app, client_for):
    app = make_app(**{"portail.extra_plugin_objects": [("flash_mail", FlashThenMail())]})
    client = client_for("balaruc", app)
    client.login("valentina.test@example.org", "Valentina-2019")
    page = client.post("/-test/flash-then-mail").follow()
    assert "Message pour la page suivante." in page.text
    outbox = app.registry.getUtility(IMailer).outbox
    (message,) = [m for m in outbox if m.subject.endswith("Objet")]
    assert "Le mot de passe de votre compte" in message.body
