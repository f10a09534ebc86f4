"""Uploads kept across a refused form, so the parent need not choose the file again.

Like Kotti's ``FileUploadTempStore`` the store is tied to the session, but the session is
a signed cookie: the bytes go to the file store under ``<tenant>/kept/`` and the session
holds only a random token -> (key, file name, type, size, time). A token is valid in the
session that created it only; kept files older than :data:`KEPT_LIFETIME` are swept.
"""

import secrets
import time
from dataclasses import dataclass

SESSION_KEY = "uploads.kept"
KEPT_LIFETIME = 2 * 3600
MAX_KEPT = 3


@dataclass(frozen=True)
class KeptUpload:
    token: str
    filename: str
    mime_type: str
    size: int


class KeptUploads:
    def __init__(self, request):
        self.session = request.session
        self.files = request.files
        self.tenant_id = request.tenant.id

    def _entries(self):
        return dict(self.session.get(SESSION_KEY, {}))

    def keep(self, filename, mime_type, data):
        """Put a checked file aside; return its :class:`KeptUpload` (token for the form)."""
        self.sweep()
        entries = self._entries()
        # The oldest go first: a session keeps a handful of files at most.
        while len(entries) >= MAX_KEPT:
            oldest = min(entries, key=lambda token: entries[token]["at"])
            self.files.delete(entries.pop(oldest)["key"])
        token = secrets.token_urlsafe(16)
        key = self.files.put(f"{self.tenant_id}/kept", data)
        entries[token] = {
            "key": key,
            "filename": filename,
            "mime_type": mime_type,
            "size": len(data),
            "at": int(time.time()),
        }
        self.session[SESSION_KEY] = entries
        return KeptUpload(token, filename, mime_type, len(data))

    def get(self, token):
        """The kept file's description for this token, or ``None``."""
        entry = self._entries().get(token or "")
        if entry is None or entry["at"] + KEPT_LIFETIME < time.time():
            return None
        return KeptUpload(token, entry["filename"], entry["mime_type"], entry["size"])

    def read(self, token):
        return self.files.read(self._entries()[token]["key"])

    def discard(self, token):
        entries = self._entries()
        entry = entries.pop(token or "", None)
        if entry is not None:
            self.files.delete(entry["key"])
            self.session[SESSION_KEY] = entries

    def sweep(self):
        """Delete this tenant's kept files older than their lifetime (abandoned forms)."""
        self.files.delete_older_than(f"{self.tenant_id}/kept", time.time() - KEPT_LIFETIME)
