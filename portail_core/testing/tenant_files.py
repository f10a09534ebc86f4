"""Tenant files for tests of other areas: the shipped files without online payment.

``config/tenants`` turns the gateways on (the demo pays in the simulators). Tests that edit
tenant files to check tenancy, plugins or a gateway's own settings start from the files
as they are without that configuration, so that each adds only what it tests.
"""

import re

PAYMENT_PLUGIN = re.compile(r',?\s*"payment_[a-z0-9_]+"')
SETTINGS_HEADER = re.compile(r"^\[regies\.[A-Za-z0-9_-]+\.payment_settings\]$")
PAYMENT_KEY = re.compile(r'^payment = "[^"]*"$')


def without_online_payment(text):
    """``text`` (a tenant file) without its payment plugins, régies' ``payment`` keys and
    ``payment_settings`` tables (with the comment lines just above each table)."""
    kept = []
    skipping = False  # inside a payment_settings table: it ends at the first blank line
    for line in text.split("\n"):
        if skipping and line.strip():
            continue
        skipping = False
        if SETTINGS_HEADER.match(line):
            while kept and kept[-1].startswith("#"):
                kept.pop()
            if kept and not kept[-1].strip():
                kept.pop()
            skipping = True
            continue
        if line.startswith("plugins = ["):
            line = PAYMENT_PLUGIN.sub("", line)
        if not PAYMENT_KEY.match(line):
            kept.append(line)
    return "\n".join(kept)
