"""The commune's lists for family files: vaccines, authorisations, document types, levels, diets.

A commune plugin gives them through the ``portail_family_lists`` hook; a tenant file may
replace any of them under ``[settings.core.family_lists]`` (a list given there wins whole).
"""

from dataclasses import dataclass, fields, replace

import colander

# The longest label each list may hold (the database columns that store a chosen label).
MAX_LENGTHS = {
    "vaccines": 100,
    "authorisations": 200,
    "document_types": 150,
    "school_levels": 50,
    "diets": 100,
}


@dataclass(frozen=True)
class FamilyLists:
    """The labels a commune offers in family files, in display order.

    A label is also what is stored (a child's vaccination keeps ``"DT POLIO 1"``), so
    renaming a label in a list leaves earlier answers under the old label.
    """

    vaccines: tuple[str, ...] = ()
    authorisations: tuple[str, ...] = ()
    document_types: tuple[str, ...] = ()
    school_levels: tuple[str, ...] = ()
    diets: tuple[str, ...] = ()

    def __post_init__(self):
        for item in fields(self):
            labels = tuple(getattr(self, item.name))
            object.__setattr__(self, item.name, labels)
            problem = _labels_problem(labels, MAX_LENGTHS[item.name])
            if problem:
                raise ValueError(f"{item.name} : {problem}")

    def with_overrides(self, overrides):
        """A copy where each list named in ``overrides`` is replaced by the given one."""
        known = {item.name for item in fields(self)}
        return replace(self, **{k: tuple(v) for k, v in (overrides or {}).items() if k in known})


def _labels_problem(labels, max_length):
    # Read by the integrator writing the commune's lists: not translated.
    if any(not label.strip() for label in labels):
        return "un libellé est vide"  # i18n: ignore
    too_long = [label for label in labels if len(label) > max_length]
    if too_long:
        return f"« {too_long[0]} » dépasse {max_length} caractères"  # i18n: ignore
    if len(set(labels)) != len(labels):
        return "un libellé figure deux fois"  # i18n: ignore
    return None


def _list_node(name):
    def validator(node, value):
        problem = _labels_problem(value, MAX_LENGTHS[name])
        if problem:
            raise colander.Invalid(node, problem)

    return colander.SchemaNode(
        colander.Sequence(),
        colander.SchemaNode(colander.String()),
        name=name,
        missing=colander.drop,
        validator=validator,
    )


class FamilyListsSettings(colander.MappingSchema):
    """``[settings.core.family_lists]``: each key given replaces the commune plugin's list."""

    def __init__(self, *args, **kwargs):
        super().__init__(colander.Mapping(unknown="raise"), *args, **kwargs)
        for name in MAX_LENGTHS:
            self.add(_list_node(name))


def family_lists(tenant):
    """The lists in force for ``tenant``: its plugins' answer, then its tenant file's."""
    lists = tenant.hooks.call("portail_family_lists", tenant=tenant) or FamilyLists()
    overrides = tenant.plugin_settings("core").get("family_lists")
    return lists.with_overrides(overrides)
