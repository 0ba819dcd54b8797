"""Non-state and sub-state actors: group nouns (مسلحون، المتظاهرين، المعارضة) and named groups
(حزب الله، الحوثيون، داعش), movements, parties, organisations and companies (``groups.tsv``).

They are read like institutions (:mod:`marsad.extract.actors.title_lexicon` adds the rows to the
title lexicon) and become actor mentions of kind ``group`` with a CAMEO role:

* a named group carries its own country and code (``حزب الله`` → ``LBNUAF``; transnational
  groups such as ``داعش`` → ``IMGREB`` with no country);
* a generic noun takes its country only from the text — a demonym or place after it
  (``المعارضة السورية`` → ``SYROPP``, ``الشرطة السودانية`` is a state agency of titles.tsv) —
  and is otherwise a bare type (``مسلحون`` → code ``INS``, country ``None``): a non-state
  group never takes the document's home country, and never counts as evidence for it.
"""

from __future__ import annotations

from ...lexicon.schemas import NONSTATE_ROLES
from .reader import _TitleEl

_NONSTATE = frozenset(NONSTATE_ROLES)


def is_nonstate(el: _TitleEl) -> bool:
    """Whether an element names a non-state actor: a groups.tsv row, or any title whose role is
    a non-state role (a party: حزب ...)."""
    return bool(el.title.group) or el.role in _NONSTATE


def group_code(el: _TitleEl, country: str | None, igo: str | None, role: str | None) -> str | None:
    """The code of a named group whose data row gives one (``IMGREB``) when the text adds no
    other country; None otherwise (the caller builds country + role)."""
    code = el.title.code
    if code is None or igo is not None:
        return None
    if country is not None and country != el.title.country:
        return None
    return code
