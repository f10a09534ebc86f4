"""Reading a document's file from a form: a new file, or the one kept from an earlier try."""

from portail_core.i18n import _
from portail_core.services.family.documents import MAX_DOCUMENT_SIZE, DocumentError, check_upload


def read_upload(request, kept_uploads, form, field_name="file"):
    """The upload as ``(upload dict or None, KeptUpload or None)``; errors go to the form."""
    field = request.POST.get(field_name)
    token = request.POST.get("kept", "")
    if getattr(field, "filename", ""):
        # A new file replaces any file kept from an earlier try.
        kept_uploads.discard(token)
        data = field.file.read(MAX_DOCUMENT_SIZE + 1)
        try:
            mime_type = check_upload(field.filename, data)
        except DocumentError as refusal:
            form.add_error(field_name, refusal.message)
            return None, None
        return {"filename": field.filename, "mime_type": mime_type, "data": data}, None
    kept = kept_uploads.get(token)
    if kept is None:
        form.add_error(field_name, _("Choisissez le fichier à envoyer."))
        return None, None
    upload = {
        "filename": kept.filename,
        "mime_type": kept.mime_type,
        "data": kept_uploads.read(kept.token),
    }
    return upload, kept
