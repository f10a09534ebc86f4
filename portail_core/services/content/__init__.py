"""Content: news and information pages, downloads, the contact form, the commune's default
headings and pages, safe rich text, ordering of rows.

May import: models, the framework's helpers (storage, formatting). No other area.
"""
