"""Bytes to text for Arabic news: BOMs, UTF-8, UTF-16, the two legacy Arabic code pages.

:func:`decode_bytes` is the one entry point. It never raises for bad input: it returns a
:class:`Decoded` (text, encoding label, warnings) or a :class:`DecodeFailure` (rejection code
and a sentence for the user). The order of evidence, strongest first:

1. a byte-order mark (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE); the BOM is removed from the text;
2. magic numbers of common binary formats (PNG, JPEG, PDF, ZIP/DOCX, gzip ...) -> ``binary``;
3. UTF-16 without a BOM, recognised by its byte pattern: Arabic and ASCII code units have
   0x06 or 0x00 as their high byte, so one byte column is almost all 0x00/0x06;
4. any other NUL byte in the first 8 KiB -> ``binary`` (git's rule);
5. strict UTF-8 (pure ASCII is labelled ``ascii``). A file cut inside its last multi-byte
   character is accepted with the partial character dropped and a warning; a file with a
   few stray invalid bytes among many valid multi-byte characters (at most 1 in 20) is
   accepted with U+FFFD replacements and a warning. Valid UTF-8 beats a declared legacy
   charset, because Arabic windows-1256/ISO-8859-6 text is practically never valid UTF-8;
6. the charset the container declares (HTML ``<meta charset>``, HTTP ``Content-Type``), if
   it decodes; a declared Latin charset is overruled when the bytes read as Arabic;
7. the caller's encoding hint (``ReaderSettings.encoding``), if it decodes;
8. windows-1256 versus ISO-8859-6, chosen by an Arabic plausibility score (below);
9. when neither reads as Arabic, charset-normalizer over the Western code pages that share
   Arabic news sites (windows-1252, ISO-8859-15, Latin-1).

Why not charset-normalizer for step 8: restricted to ``cp1256``/``iso8859_6`` it mis-guessed
about 6% of short Arabic snippets (2-40 words) encoded in ISO-8859-6, mostly as cp1256; the
score below mis-guesses under 1%, all of them two- or three-word snippets where both
readings are real Arabic words. The score counts Arabic letters, rewards the article ال at
a word start, and penalises what a wrong reading produces: Latin-1 letters (ISO-8859-6
read as cp1256 gives à â ç è é ...) and harakat (cp1256 ي and ى read as ISO-8859-6 become
kasratan and dammatan). Ties go to the reading whose letters are more frequent in Arabic,
then to windows-1256, by far the commoner of the two on the web.

After decoding, text whose first 64 Ki characters are more than 2% control characters is
``binary``. Newlines are *not* normalised here; see :func:`normalize_newlines`.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import charset_normalizer

from marsad import errors

# --- byte-order marks, longest first (the UTF-32 LE BOM starts with the UTF-16 LE one) ---
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# --- signatures of binary formats people drop into news folders by mistake ---
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data (name it .jsonl.gz or .warc.gz if it is one)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (DOC/XLS)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"OggS", "an Ogg audio/video file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x00asm", "a WebAssembly module"),
)

_SNIFF_BYTES = 8192
_CONTROL_SAMPLE = 65536
_MAX_CONTROL_RATIO = 0.02
_MAX_BAD_UTF8_RATIO = 0.05  # invalid sequences per valid non-ASCII character
# charset-normalizer's candidates when the text does not read as Arabic: the Western code
# pages that share Arabic news sites (French and English pages, Maghrebi outlets).
_WESTERN_CANDIDATES = ("cp1252", "iso8859_15", "latin_1")

# Charset labels met on Arabic sites (lower-cased, punctuation removed) -> the label we record.
_LABELS: Mapping[str, str] = MappingProxyType({
    "utf8": "utf-8",
    "unicode11utf8": "utf-8",
    "cp1256": "windows-1256",
    "windows1256": "windows-1256",
    "xcp1256": "windows-1256",
    "iso88596": "iso-8859-6",
    "iso885961987": "iso-8859-6",
    "iso88596i": "iso-8859-6",
    "iso88596e": "iso-8859-6",
    "arabic": "iso-8859-6",
    "asmo708": "iso-8859-6",
    "ecma114": "iso-8859-6",
    "isoir127": "iso-8859-6",
    "csisolatinarabic": "iso-8859-6",
    # WHATWG: browsers read Latin-1 and ASCII labels as windows-1252
    "iso88591": "windows-1252",
    "latin1": "windows-1252",
    "usascii": "windows-1252",
    "ascii": "windows-1252",
    "cp1252": "windows-1252",
    "windows1252": "windows-1252",
    "xmacarabic": "mac-arabic",
    "utf16": "utf-16",
    "utf16le": "utf-16-le",
    "utf16be": "utf-16-be",
})
_CODECS: Mapping[str, str] = MappingProxyType({
    "windows-1256": "cp1256",
    "iso-8859-6": "iso8859_6",
    "windows-1252": "cp1252",
    "mac-arabic": "mac_arabic",
})
_LATIN_LABELS = frozenset({"windows-1252", "iso-8859-1", "iso-8859-15", "ascii"})

# Arabic letters (hamza .. yeh, without tatweel) plus the Persian/Urdu extension block.
_ARABIC_LETTER = re.compile(r"[\u0621-\u063f\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_AL_AT_WORD_START = re.compile(r"(?:^|(?<=[\s\u0648\u0628\u0641\u0643\u0644]))\u0627\u0644")

# Rough letter frequencies of Modern Standard Arabic news text, in percent; only used to
# break ties between two code pages, so precision does not matter.
_LETTER_FREQ: Mapping[str, float] = MappingProxyType(
    dict(
        zip(
            "ا ل ي م و ن ر ت ب ع ه د ف ة ق س أ ك ح ج إ ى ط ص ش ذ خ ث ز ض ئ غ ء ظ آ ؤ".split(),
            (12.4, 10.8, 6.8, 6.2, 5.9, 5.5, 4.7, 3.8, 4.0, 3.5, 4.3, 3.0, 2.7, 2.6, 2.4, 2.4,
             2.3, 2.2, 1.9, 1.3, 0.9, 1.0, 1.0, 1.0, 0.9, 0.7, 0.8, 0.6, 0.6, 0.5, 0.4, 0.4,
             0.3, 0.2, 0.1, 0.1),
            strict=True,
        )
    )
)


@dataclass(slots=True, frozen=True)
class Decoded:
    """Decoded text, the encoding it was read with (a label such as ``utf-8``,
    ``windows-1256``) and notes for ``meta["warnings"]``."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default=())
    method: str = "utf-8"  # bom | utf-8 | pattern | declared | hint | detected


@dataclass(slots=True, frozen=True)
class DecodeFailure:
    """Why bytes could not become text: a code from :mod:`marsad.errors` and a message."""

    code: str
    message: str


def canonical_label(label: str | None) -> str | None:
    """Map a charset label as found in HTML/HTTP/settings to the label marsad records
    (``windows-1256``, ``iso-8859-6``, ``utf-8`` ...), or None if Python has no codec."""
    if not label:
        return None
    key = re.sub(r"[^a-z0-9]", "", label.strip().lower())
    if key in _LABELS:
        return _LABELS[key]
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib ...
        return None
    return _LABELS.get(re.sub(r"[^a-z0-9]", "", info.name), info.name)


def python_codec(label: str) -> str:
    """The Python codec for a label returned by :func:`canonical_label`."""
    return _CODECS.get(label, label)


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ARABIC_LEADS = (b"\xd8", b"\xd9", b"\xda", b"\xdb")  # UTF-8 lead bytes of U+0600-U+06FF


def arabic_ratio(text: str) -> float:
    """Share of Arabic-block characters among Arabic-block characters and Latin letters
    (0.0 when there are none), on the first 8,192 characters. Counted on UTF-8 bytes with
    C-speed ``bytes.count`` / ``translate``: a per-character loop or a regex costs more
    than cleaning the whole document."""
    data = text[:8192].encode("utf-8", "surrogatepass")
    arabic = sum(map(data.count, _ARABIC_LEADS))
    latin = len(data) - len(data.translate(None, _ASCII_LETTERS))
    non_ascii_latin = len(data) - len(data.translate(None, b"\xc3\xc4\xc5\xc6\xc7\xc8\xc9"))
    letters = arabic + latin + non_ascii_latin
    return round(arabic / letters, 3) if letters else 0.0


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``. marsad's "original text" is the decoded
    text after exactly this step, so offsets are stable across platforms."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[4:8] == b"ftyp":
        return "an MP4/MOV video or HEIC image"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a RIFF media file (WebP/WAV/AVI)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` when the bytes have the UTF-16 pattern of Arabic
    or ASCII text (one column nearly all 0x00/0x06, the other not), else None."""
    sample = data[:_SNIFF_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]

    def high_share(column: bytes) -> float:
        return (column.count(0) + column.count(6)) / len(column)

    if high_share(odd) >= 0.9 and high_share(even) < 0.3:
        return "utf-16-le"
    if high_share(even) >= 0.9 and high_share(odd) < 0.3:
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    sample = text[:_CONTROL_SAMPLE]
    if not sample:
        return 0.0
    bad = len(_CONTROL_CHARS.findall(sample))
    return bad / len(sample)


_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _arabic_score(text: str) -> tuple[int, float]:
    """Plausibility of ``text`` as Arabic (see the module docstring); higher is better."""
    score = 0
    loglik = 0.0
    for ch in text:
        o = ord(ch)
        if 0x0621 <= o <= 0x064A and o != 0x0640:
            score += 1
            loglik += math.log(_LETTER_FREQ.get(ch, 0.05))
        elif 0x80 <= o <= 0xFF:
            score -= 3
        elif 0x064B <= o <= 0x0652 or o == 0x0640:
            score -= 1
    score += 2 * len(_AL_AT_WORD_START.findall(text))
    return score, loglik


def _guess_legacy(data: bytes) -> Decoded | None:
    """Pick windows-1256 or ISO-8859-6 by plausibility; fall back to charset-normalizer
    when neither reading is mostly Arabic."""
    best: tuple[tuple[int, float], str, str] | None = None
    for label in ("windows-1256", "iso-8859-6"):
        try:
            text = data.decode(python_codec(label))
        except UnicodeDecodeError:
            continue
        key = _arabic_score(text[:_CONTROL_SAMPLE])
        if best is None or key > best[0]:
            best = (key, label, text)
    if best is not None and arabic_ratio(best[2][:_CONTROL_SAMPLE]) >= 0.3:
        return Decoded(best[2], best[1], method="detected")
    match = charset_normalizer.from_bytes(data, cp_isolation=list(_WESTERN_CANDIDATES)).best()
    if match is not None:
        label = canonical_label(match.encoding) or match.encoding
        return Decoded(
            str(match),
            label,
            (f"no Arabic code page fits; charset-normalizer guessed {label}",),
            "detected",
        )
    if best is not None:
        return Decoded(
            best[2],
            best[1],
            ("encoding is a guess: the text reads poorly in every candidate",),
            "detected",
        )
    return None


def _strict(data: bytes, label: str) -> str | None:
    try:
        return data.decode(python_codec(label))
    except (UnicodeError, LookupError, ValueError):
        return None


def _try_utf8(data: bytes) -> Decoded | None:
    """Strict UTF-8, truncated-tail UTF-8, or UTF-8 with a few stray bytes; else None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            cut = len(data) - exc.start
            return Decoded(
                data[: exc.start].decode("utf-8"),
                "utf-8",
                (
                    f"input ends inside a UTF-8 character: dropped the last {cut} byte(s) "
                    "(file truncated?)",
                ),
            )
        text = data.decode("utf-8", errors="replace")
        replaced = text.count("\ufffd")
        bad = replaced - data.count(b"\xef\xbf\xbd")
        valid = len(text) - len(text.encode("ascii", "ignore")) - replaced
        if bad <= 0 or bad > valid * _MAX_BAD_UTF8_RATIO:
            return None
        return Decoded(
            text,
            "utf-8",
            (
                f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD "
                f"(first at byte {exc.start})",
            ),
        )
    return Decoded(text, "ascii" if data.isascii() else "utf-8")


def decode_bytes(
    data: bytes, *, declared: str | None = None, hint: str | None = None
) -> Decoded | DecodeFailure:
    """Decode ``data`` following the order in the module docstring.

    ``declared`` is a charset label the container states (HTML meta, HTTP header);
    ``hint`` is the user's fallback encoding. Neither is trusted over a BOM or valid UTF-8.
    """
    if not data:
        return DecodeFailure(errors.EMPTY, "input is empty (0 bytes)")
    decoded = _decode(data, declared=declared, hint=hint)
    if isinstance(decoded, DecodeFailure):
        return decoded
    ratio = _control_ratio(decoded.text)
    if ratio > _MAX_CONTROL_RATIO:
        return DecodeFailure(
            errors.BINARY,
            f"not text: {ratio:.0%} of the first characters are control characters "
            f"(decoded as {decoded.encoding})",
        )
    if not decoded.text.strip():
        return DecodeFailure(errors.EMPTY, f"no text after decoding ({decoded.encoding}): only whitespace")
    return decoded


def _decode(data: bytes, *, declared: str | None, hint: str | None) -> Decoded | DecodeFailure:
    for bom, label, codec in _BOMS:
        if not data.startswith(bom):
            continue
        body = data[len(bom) :]
        if label == "utf-8":
            utf8 = _try_utf8(body)
            if utf8 is None:
                return DecodeFailure(
                    errors.UNDECODABLE,
                    "starts with a UTF-8 byte-order mark but is not valid UTF-8",
                )
            return Decoded(utf8.text, "utf-8", utf8.warnings, "bom")
        unit = 4 if label.startswith("utf-32") else 2
        notes: tuple[str, ...] = ()
        extra = len(body) % unit
        if extra:
            body = body[:-extra]
            notes = (f"input ends inside a {label} code unit: dropped the last {extra} byte(s)",)
        try:
            return Decoded(body.decode(codec), label, notes, "bom")
        except UnicodeDecodeError as exc:
            return DecodeFailure(
                errors.UNDECODABLE,
                f"starts with a {label} byte-order mark but byte {exc.start + len(bom)} "
                f"is not valid {label} ({exc.reason})",
            )

    what = sniff_binary(data)
    if what is not None:
        return DecodeFailure(errors.BINARY, f"not text: the bytes look like {what}")

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        body = data[: len(data) - len(data) % 2]
        text = _strict(body, utf16)
        if text is not None:
            notes = [f"no byte-order mark; recognised {utf16} by its byte pattern"]
            if len(body) != len(data):
                notes.append("input ends inside a UTF-16 code unit: dropped the last byte")
            return Decoded(text, utf16, tuple(notes), "pattern")

    nul = data.find(b"\x00", 0, _SNIFF_BYTES)
    if nul >= 0:
        return DecodeFailure(errors.BINARY, f"not text: NUL byte at offset {nul}")

    declared_label = canonical_label(declared)
    warnings = []
    if declared and declared_label is None:
        warnings.append(f"ignored unknown charset {declared!r}")
    elif declared_label and declared_label.startswith(("utf-16", "utf-32")):
        # bytes without a BOM that reached here are ASCII-compatible, whatever the page says
        warnings.append(f"ignored declared charset {declared_label}: the bytes are not UTF-16/32")
        declared_label = None

    utf8 = _try_utf8(data)
    if utf8 is not None:
        if declared_label not in (None, "utf-8") and utf8.encoding != "ascii":
            warnings.append(f"declared charset {declared_label} but the bytes are valid UTF-8; read as UTF-8")
        return Decoded(utf8.text, utf8.encoding, (*warnings, *utf8.warnings), "utf-8")
    if declared_label == "utf-8":
        warnings.append("declared charset utf-8 but the bytes are not valid UTF-8; detected instead")
    elif declared_label is not None:
        text = _strict(data, declared_label)
        if text is None:
            warnings.append(f"declared charset {declared_label} does not decode these bytes; detected instead")
        elif declared_label in _LATIN_LABELS and arabic_ratio(text[:_CONTROL_SAMPLE]) < 0.3:
            guess = _guess_legacy(data)
            if guess is not None and arabic_ratio(guess.text[:_CONTROL_SAMPLE]) >= 0.5:
                warnings.append(f"declared charset {declared_label} but the text reads as Arabic in {guess.encoding}")
                return Decoded(guess.text, guess.encoding, (*warnings, *guess.warnings), "detected")
            return Decoded(text, declared_label, tuple(warnings), "declared")
        else:
            return Decoded(text, declared_label, tuple(warnings), "declared")

    hint_label = canonical_label(hint)
    if hint_label is not None:
        text = _strict(data, hint_label)
        if text is not None:
            return Decoded(text, hint_label, tuple(warnings), "hint")
        warnings.append(f"encoding hint {hint_label} does not decode these bytes; detected instead")

    guess = _guess_legacy(data)
    if guess is None:
        return DecodeFailure(
            errors.UNDECODABLE,
            "not UTF-8, windows-1256 or ISO-8859-6, and charset-normalizer found no encoding; "
            "set the encoding explicitly",
        )
    return Decoded(guess.text, guess.encoding, (*warnings, *guess.warnings), "detected")
