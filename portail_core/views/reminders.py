"""« Mon compte » → « Mes rappels par e-mail »: a parent turns each reminder on or off."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormView
from portail_core.i18n import _
from portail_core.schemas.reminders import ReminderPreferencesSchema
from portail_core.services.reminders.preferences import ReminderPreferences

FORM_PAGE = "portail_core:templates/accounts/form_page.pt"


@view_config(route_name="accounts.reminders", renderer=FORM_PAGE, permission="parent")
class ReminderPreferencesView(FormView):
    schema_class = ReminderPreferencesSchema
    buttons = (("submit", _("Enregistrer")),)
    title = _("Mes rappels par e-mail")
    form_id = "reminders"

    def preferences(self):
        return ReminderPreferences(self.request.dbsession, self.request.tenant)

    def appstruct(self):
        off = self.preferences().turned_off(self.request.user)
        return {kind: kind not in off for kind in self.preferences().offered()}

    def extra(self):
        if not self.preferences().offered():
            return {"intro": _("Votre commune n'envoie aucun rappel par e-mail.")}
        return {
            "intro": _(
                "Cochez les rappels que vous souhaitez recevoir à votre adresse ${email} ; "
                "décochez ceux dont vous ne voulez plus.",
                mapping={"email": self.request.user.email},
            )
        }

    def submit_success(self, appstruct):
        self.preferences().choose(self.request.user, appstruct)
        message = _("Vos choix de rappels sont enregistrés.")
        self.request.session.flash(self.request.localizer.translate(message), "success")
        return HTTPSeeOther(self.request.route_url("accounts.account"))
