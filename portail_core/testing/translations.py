"""Helpers of the tests that read a page in another language than French."""

from portail_core.i18n import localizer_for

# What the portal itself does not write on a page: the town hall's own texts (news, pages,
# welcome), values as the audit trail recorded them, what a form holds.
THEIRS = ".rich-text-content, .welcome, .recorded, textarea"


def translated_ids(registry, language, min_words):
    """The French message ids of ``min_words`` words or more that a catalog of
    ``language`` (the core's or a plugin's, one domain each) translates, spaces folded."""
    domains = localizer_for(registry, language).translations._domains.values()
    return sorted(
        {
            " ".join(message_id.split())
            for catalog in domains
            for message_id, text in catalog._catalog.items()
            if isinstance(message_id, str)
            and len(message_id.split()) >= min_words
            and "${" not in message_id
            and "<" not in message_id
            and "&" not in message_id
            and text != message_id
        }
    )
