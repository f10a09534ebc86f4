"""Raw HTML forms validated with colander, for compound pages deform renders badly.

Fields are named by their dotted path in the schema (``guardian_1.email``). A failed
validation gives back what was typed (``values``) and a French message per path
(``errors``), so the template re-renders the form with each message beside its field.
"""

import colander


def nest(schema, flat):
    """The cstruct of ``schema`` from flat, dotted-path values (absent fields are null)."""

    def build(node, prefix):
        cstruct = {}
        for child in node.children:
            path = prefix + child.name
            if isinstance(child.typ, colander.Mapping):
                cstruct[child.name] = build(child, path + ".")
            else:
                value = flat.get(path)
                cstruct[child.name] = colander.null if value is None else value
        return cstruct

    return build(schema, "")


def flatten(appstruct, prefix=""):
    """Flat dotted-path values from nested initial values (the reverse of :func:`nest`)."""
    flat = {}
    for name, value in appstruct.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{name}."))
        else:
            flat[prefix + name] = "" if value is None else value
    return flat


class RawForm:
    """Validate a POST against a schema; keep what was typed and the messages by path."""

    def __init__(self, request, schema, initial=None):
        self.request = request
        self.schema = schema
        self.values = dict(initial or {})
        self.errors = {}

    def validate(self, controls=None):
        """The appstruct, or ``None`` when invalid (then ``errors`` says why)."""
        controls = self.request.POST if controls is None else controls
        self.values = {key: value for key, value in controls.items() if isinstance(value, str)}
        try:
            return self.schema.deserialize(nest(self.schema, self.values))
        except colander.Invalid as invalid:
            translate = self.request.localizer.translate
            self.errors = invalid.asdict(translate=translate)
            return None

    def add_error(self, path, message):
        self.errors[path] = message

    def value(self, path, default=""):
        value = self.values.get(path, default)
        return default if value is None else value

    def checked(self, path):
        return self.values.get(path) in ("true", "on", True)

    def error(self, path):
        return self.errors.get(path)
