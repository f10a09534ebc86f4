"""« Mes rappels par e-mail »: one checkbox per reminder the commune sends."""

import colander
import deform

from portail_core.schemas import CSRFSchema
from portail_core.services.reminders.settings import KINDS, reminder_settings


class ReminderPreferencesSchema(CSRFSchema):
    """A checkbox per kind of :data:`KINDS`; those the commune does not send are dropped."""

    def after_bind(self, node, kw):
        offered = reminder_settings(kw["tenant"]).kinds()
        for kind, label in KINDS.items():
            if kind in offered:
                node.add(
                    colander.SchemaNode(
                        colander.Boolean(),
                        name=kind,
                        title=label,
                        missing=False,
                        widget=deform.widget.CheckboxWidget(),
                    )
                )
