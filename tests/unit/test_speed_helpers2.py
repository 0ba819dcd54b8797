"""The second speed pass's shortcuts give the same answers as the code they replace."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.actors import tokens as _tokens
from marsad.extract.events import sentences as _sentences
from marsad.extract.events.coder import Party, _Coder, _clitic_slot
from marsad.extract.events.modality import _future_verb
from marsad.model import EventActor
from marsad.text.normalize import normalize

_PIECES = ["و", "ز", "ي", "ر", "ال", "ة", "ى", "أ", "\u064b", "\u0640", "ﻻ", "«", "»", "،", ".", ":", "-", "(", "2",
           "A", "b", "#", "_", " ", "  ", "\n"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_ARABIC_WORDS = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")


@settings(max_examples=200, deadline=None)
@given(_texts, st.data())
def test_actor_split_reused(text: str, data: st.DataObject) -> None:
    """One split serves both the anchor-word check and the tokens (actors._Reader)."""
    view = normalize(text).text
    a = data.draw(st.integers(0, len(view)))
    b = data.draw(st.integers(a, len(view)))
    parts = _tokens._SPLIT.split(view[a:b])
    assert [w for w in parts[1::3] if w is not None] == _ARABIC_WORDS.findall(view, a, b)
    assert _tokens._tokenize(view, a, b, parts) == _tokens._tokenize(view, a, b)


@settings(max_examples=200, deadline=None)
@given(_texts, st.data())
def test_event_split_reused(text: str, data: st.DataObject) -> None:
    """The split of View.words gives the same sentence tokens as a fresh one."""
    view = normalize(text).text
    a = data.draw(st.integers(0, len(view)))
    b = data.draw(st.integers(a, len(view)))
    parts = _sentences._WORD_SPLIT.split(view[a:b])
    assert parts[1::2] == _sentences._WORD.findall(view, a, b)
    assert _sentences._tokens(view, a, b, parts) == _sentences._tokens(view, a, b)


def test_ctx_party_is_replace() -> None:
    actor = EventActor("وزير الخارجية", 3, 16, "EGYGOV", "EGY", None, "GOV", "سامح شكري", "subject")
    party = _Coder._ctx_party(None, Party(actor, "EGY"), "speaker")  # type: ignore[arg-type]  # self is unused
    assert party.actor == replace(actor, basis="speaker")
    assert party.side == "EGY"


def test_cached_word_functions_are_stable() -> None:
    for w in ("ستعقد", "وسيتم", "زيارة", "بالجهود", "لنظيره", "بلاده"):
        assert _future_verb(w) == _future_verb.__wrapped__(w)
        assert _clitic_slot(w) == _clitic_slot.__wrapped__(w)
