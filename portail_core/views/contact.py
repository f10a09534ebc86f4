"""« Contactez-nous »: a message to the commune's service by e-mail, a copy to the sender."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormView
from portail_core.i18n import _, offered_languages
from portail_core.mail import send_templated
from portail_core.schemas.contact import ContactSchema
from portail_core.services.content.contact import ContactService
from portail_core.views import limits
from portail_core.views.content import public_context


@view_config(route_name="contact.form", renderer="portail_core:templates/contact/form.pt")
class ContactView(FormView):
    schema_class = ContactSchema
    buttons = (("submit", _("Envoyer le message")),)
    title = _("Contactez-nous")
    form_id = "contact"

    def appstruct(self):
        user = self.request.user
        if user is None:
            return {}
        return {"name": user.display_name, "email": user.email}

    def extra(self):
        return public_context(self.request)

    def submit_success(self, appstruct):
        request = self.request
        tenant = request.tenant
        address = limits.client_address(request)
        # The copy goes to the address typed: without a limit, a way to mail anybody.
        limits.check(request, "contact", appstruct["email"], email=tenant.contact_email)
        limits.hit(request, "contact", appstruct["email"])
        service = ContactService(request.dbsession, tenant)
        message = service.record(
            appstruct["name"],
            appstruct["email"],
            appstruct["phone"],
            appstruct["subject"],
            appstruct["message"],
            address,
        )
        to_service = send_templated(
            request,
            tenant.contact_email,
            _("Contactez-nous : ${subject}", mapping={"subject": message.subject}),
            "contact",
            language=offered_languages(tenant)[0],
            message=message,
        )
        # The service answers the parent directly from its mail client.
        to_service.reply_to = message.email
        send_templated(
            request,
            message.email,
            _("Copie de votre message"),
            "contact_copy",
            message=message,
        )
        request.session.flash(
            request.localizer.translate(
                _(
                    "Votre message a bien été envoyé au service. Une copie vous a été "
                    "adressée par e-mail à ${email}.",
                    mapping={"email": message.email},
                )
            ),
            "success",
        )
        return HTTPSeeOther(request.route_url("contact.form"))
