"""Domain logic per area. Services take the session and the tenant; no HTTP in here."""
