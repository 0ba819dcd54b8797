"""CAMEO-style actor codes: country + role elements (``EGY`` + ``GOV`` → ``EGYGOV``)."""

from __future__ import annotations



def actor_code(country: str | None, igo: str | None = None, role: str | None = None, role2: str | None = None) -> str:
    """The CAMEO-style code of an actor: ``EGY`` + ``GOV`` → ``EGYGOV``; an organisation is
    coded by itself (``IGOEUREEC``); unknown country and role → ``""``."""
    if igo:
        return igo
    parts = [country or "", role or "", role2 or ""]
    if not country and not role:
        return ""
    return "".join(p for p in parts if p)
