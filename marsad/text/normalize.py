"""Arabic normalization (placeholder: fold only; the offset-mapped version replaces this)."""

from __future__ import annotations

import re
import unicodedata

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       **{chr(0x660 + i): str(i) for i in range(10)},
                       **{chr(0x6F0 + i): str(i) for i in range(10)}})


def fold(text: str) -> str:
    """Matching view of ``text`` without an offset map (same folding as ``normalize``)."""
    return _TASHKEEL.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD)
