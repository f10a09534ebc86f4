"""Refusals of the bookings area, each with a French message for the user."""


class BookingError(Exception):
    """A request that cannot be carried out; ``str(error)`` is shown to the user."""


class NotFound(BookingError):
    """The object does not exist for this tenant (or this family): the view answers 404."""

    def __init__(self, message="Introuvable"):
        super().__init__(message)
