"""Refusals of the campaigns area, each with a French message for the user."""


class CampaignError(Exception):
    """An action that cannot be carried out; ``str(error)`` is shown to the user."""


class NotFound(CampaignError):
    """The campaign or request does not exist for this tenant (or family): a 404."""

    def __init__(self, message="Introuvable"):
        super().__init__(message)
