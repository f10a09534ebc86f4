"""The FormView base: bind a schema, render it, dispatch the pressed button, re-render errors.

Modelled on Substance D's ``FormView``. A subclass sets ``schema_class`` and ``buttons`` and
writes ``<button>_success(appstruct)``; deform keeps what was typed and puts each message
beside its field. A business refusal raises :class:`FormError` with a French message.
"""

import colander
import deform


class FormError(Exception):
    """A refusal that is not a field's fault (wrong password, expired link…).

    :param message: shown at the top of the form.
    :param field: optional name of the field the message is shown beside.

    A subclass may set ``status`` (e.g. 429) and ``headers`` for the re-rendered form.
    """

    status = None
    headers = {}

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class FormView:
    schema_class = None
    #: names, ``(name, title)`` pairs or ``deform.Button``; the first is the main action.
    buttons = ("submit",)
    form_id = "form"
    title = ""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def bind(self):
        return {"request": self.request, "tenant": self.request.tenant_or_none}

    def make_form(self):
        schema = self.schema_class().bind(**self.bind())
        return deform.Form(schema, buttons=self.make_buttons(), formid=self.form_id)

    def make_buttons(self):
        made = []
        for button in self.buttons:
            if isinstance(button, str):
                button = deform.Button(button)
            elif isinstance(button, tuple):
                button = deform.Button(*button)
            made.append(button)
        return made

    def appstruct(self):
        """Initial values of the form (an existing object's fields)."""
        return {}

    def extra(self):
        """Other values the template needs."""
        return {}

    def response(self, form_html):
        return {"form": form_html, "title": self.title, **self.extra()}

    def __call__(self):
        form = self.make_form()
        if self.request.method == "POST":
            for button in form.buttons:
                if button.name in self.request.POST:
                    return self._submit(form, button.name)
        return self.response(form.render(self.appstruct()))

    def _submit(self, form, button_name):
        controls = list(self.request.POST.items())
        try:
            appstruct = form.validate(controls)
        except deform.ValidationFailure as failure:
            return self.response(failure.render())
        try:
            return getattr(self, f"{button_name}_success")(appstruct)
        except FormError as refusal:
            error = colander.Invalid(form.schema, refusal.message if not refusal.field else "")
            if refusal.field:
                error[refusal.field] = refusal.message
            form.widget.handle_error(form, error)
            if refusal.status:
                self.request.response.status = refusal.status
                self.request.response.headers.update(refusal.headers)
            return self.response(form.render(appstruct))
