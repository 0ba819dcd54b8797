"""HTML pages: charset, main text and the metadata the page states about itself.

Charset evidence, strongest first: BOM, the HTTP ``Content-Type`` charset (WARC only), the
``<meta charset>`` / ``http-equiv`` / XML declaration in the first 4 KiB, then detection
(:func:`marsad.ingest.encoding.decode_bytes`; valid UTF-8 beats a declared legacy charset).

Main text comes from trafilatura (``favor_recall=True``, no comments, tables kept), with two
safety nets built on selectolax paragraphs (``<p>``, ``<blockquote>``, headings, ``<pre>``):

* **rescue** - a paragraph of at least 40 characters, mostly Arabic, that sits *between*
  two paragraphs trafilatura kept but is missing from its output (seen: a paragraph quoting
  a tweet) is put back in document order;
* **fallback** - when trafilatura returns nothing, or under a third of the page's paragraph
  text, the selectolax paragraphs are used instead (and, when a page has no paragraphs at
  all, the text of ``<body>`` line by line).

``meta["extractor"]`` says which path ran: ``trafilatura``, ``trafilatura+rescue`` or
``selectolax``. Page furniture that survives (headline line, captions, "read also") is left
for the cleaning stage. A page with no text at all is ``bad_html``.

``published`` is read only from markup that states it (``article:published_time`` and
similar meta tags, JSON-LD ``datePublished``, ``<time itemprop=datePublished>``), else from
a ``/YYYY/MM/DD/`` date in the fetched URL, canonical link or ``og:url``. trafilatura's own
date, which can come from visible page text, is kept as ``meta["html_date_guess"]`` and never
used as ``published``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from marsad import errors
from marsad.ingest.encoding import DecodeFailure, arabic_ratio, decode_bytes, normalize_newlines
from marsad.ingest.text import decode_stage, doc_meta, normalize_published, read_bounded, reject
from marsad.model import RawDoc, Rejection

if TYPE_CHECKING:
    from marsad.ingest.readers import ReaderSettings

_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)

# Separator put before block tags so selectolax text keeps block boundaries; U+2029 is the
# Unicode paragraph separator, which real pages practically never contain.
_PARA = "\u2029"
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|pre|section|article|header|"
    r"footer|aside|main|figure|figcaption|dd|dt|hr)\b)",
    re.IGNORECASE,
)
_NOISE = "script, style, noscript, template, svg, nav, form, iframe, button, select"
_PARAGRAPHS = "p, blockquote, h1, h2, h3, h4, h5, h6, pre"
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_RESCUE_MIN_CHARS = 40
_MAX_UNCLOSED = 2000
_START_TAG = re.compile(r"<[a-z]")
_LOOSE_TAGS = (
    *(f"<{t}" for t in ("br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col")),
    *(f"<{t}" for t in ("embed", "param", "track", "p", "li", "td", "th", "tr", "option", "dt", "dd")),
)
_SHINGLE = 4
_FALLBACK_FACTOR = 3

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "dcterms.issued",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "originalpublicationdate",
    "date",
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_.]|$)")


@dataclass(slots=True)
class HtmlDoc:
    """What :func:`extract_html` found in a page."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def prescan_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB (meta charset, http-equiv
    content-type or XML declaration), or None."""
    head = data[:_PRESCAN_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _lines(text: str) -> list[str]:
    """Block text with U+2029 separators -> non-empty lines with whitespace collapsed."""
    return [line for line in (_norm(part) for part in text.split(_PARA)) if line]


def _paragraphs(body: LexborNode) -> list[tuple[str, str]]:
    """``(tag, text)`` of each innermost paragraph-like block, in document order."""
    found: list[tuple[str, str]] = []
    for node in body.css(_PARAGRAPHS):
        if len(node.css(_PARAGRAPHS)) > 1:  # holds other paragraphs: they speak for it
            continue
        text = "\n".join(_lines(node.text(deep=True, separator="")))
        if text:
            found.append((node.tag or "", text))
    return found


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        content = attrs.get("content")
        if not content:
            continue
        for key in ("property", "name", "itemprop"):
            name = attrs.get(key)
            if name:
                values.setdefault(name.strip().lower(), content.strip())
    return values


def _json_ld_dates(tree: LexborHTMLParser) -> list[str]:
    dates: list[str] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            value = obj.get("datePublished")
            if isinstance(value, str):
                dates.append(value)
            for child in obj.values():
                if isinstance(child, (dict, list)):
                    walk(child)
        elif isinstance(obj, list):
            for child in obj:
                walk(child)

    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True)
        if not raw or len(raw) > 1_000_000:
            continue
        try:
            walk(json.loads(raw))
        except (ValueError, RecursionError):
            continue
    return dates


def _published(tree: LexborHTMLParser, url: str | None) -> tuple[str | None, str | None, str | None]:
    """(date, time, source) from markup that states the publication date, else the URL."""
    candidates: list[tuple[str, str]] = []
    meta = _meta_values(tree)
    candidates += [(meta[name], "html-meta") for name in _PUBLISHED_META if name in meta]
    candidates += [(value, "json-ld") for value in _json_ld_dates(tree)]
    for node in tree.css('time[itemprop="datePublished"], time[pubdate], [itemprop="datePublished"]'):
        value = node.attributes.get("datetime") or node.attributes.get("content")
        if value:
            candidates.append((value, "time"))
    for value, source in candidates:
        day, clock, _warning = normalize_published(value)
        if day:
            return day, clock, source
    canonical = tree.css_first('link[rel="canonical"]')
    for address in (url, canonical.attributes.get("href") if canonical is not None else None, meta.get("og:url")):
        match = _URL_DATE.search(address or "")
        if match:
            day, _clock, _warning = normalize_published("-".join(match.groups()))
            if day:
                return day, None, "url"
    return None, None, None


def _trafilatura(html: str, url: str | None) -> Any:
    """trafilatura's result, or None. Any exception inside trafilatura (it parses hostile
    markup with lxml) counts as "nothing found", so the fallback can still run. Imported
    here, not at module level: it takes ~0.3 s and commands that read no HTML skip it."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - third-party parser on untrusted input
        return None


def _metadata_only(html: str, url: str | None) -> Any:
    from trafilatura.metadata import extract_metadata

    try:
        return extract_metadata(html, default_url=url, extensive=False)
    except Exception:  # noqa: BLE001 - third-party parser on untrusted input
        return None


def _shingles(text: str) -> list[tuple[str, ...]]:
    words = text.split()
    return [tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


def _rescue(main: str, paragraphs: list[tuple[str, str]]) -> tuple[str, int]:
    """Put back paragraphs trafilatura dropped between two paragraphs it kept.

    A paragraph is *kept* when at least 80% of its 4-word shingles occur in trafilatura's
    output, *dropped* when under 20% do; linear in the size of the page."""
    lines = main.split("\n")
    where: dict[tuple[str, ...], int] = {}  # shingle -> first line holding it
    for j, line in enumerate(lines):
        for shingle in _shingles(line):
            where.setdefault(shingle, j)
    kept: dict[int, int] = {}  # paragraph index -> line index of its end
    dropped: set[int] = set()
    for i, (_tag, text) in enumerate(paragraphs):
        shingles = _shingles(text)
        if not shingles:
            continue
        hits = [where[s] for s in shingles if s in where]
        if len(hits) >= 0.8 * len(shingles):
            kept[i] = max(hits)
        elif len(hits) < 0.2 * len(shingles):
            dropped.add(i)
    if len(kept) < 2:
        return main, 0
    inserts: dict[int, list[str]] = {}
    anchor = kept[min(kept)]
    rescued = 0
    for i in range(min(kept), max(kept) + 1):
        if i in kept:
            anchor = kept[i]
        elif i in dropped:
            text = paragraphs[i][1]
            if len(text) >= _RESCUE_MIN_CHARS and arabic_ratio(text) >= 0.5:
                inserts.setdefault(anchor, []).append(text)
                rescued += 1
    if not rescued:
        return main, 0
    out: list[str] = []
    for j, line in enumerate(lines):
        out.append(line)
        out.extend(inserts.get(j, []))
    return "\n".join(out), rescued


#: Pages nesting elements deeper than this are not parsed: parsers take time quadratic (or
#: worse) in the depth, and no real article page nests so deep.
MAX_DEPTH = 1000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_NOT_NESTING = frozenset(t[1:] for t in _LOOSE_TAGS)


def nesting_depth(html: str, limit: int = MAX_DEPTH) -> int:
    """How deep the page nests elements (void and auto-closing tags not counted), counting
    until it passes ``limit`` (one linear scan)."""
    depth = top = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _NOT_NESTING or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > top:
            top = depth
            if top > limit:
                break
    return top


def _unclosed_tags(html: str) -> int:
    """Rough count of elements left open (start tags minus end tags, void and auto-closing
    tags not counted): how deep a hostile page could nest."""
    low = html.lower()
    opens = sum(1 for _ in _START_TAG.finditer(low))
    loose = sum(low.count(tag) for tag in _LOOSE_TAGS)
    return opens - low.count("</") - loose


def extract_html(html: str, *, url: str | None = None) -> HtmlDoc | None:
    """Main text and self-stated metadata of one decoded page; None when it has no text.

    ``url`` is the address the page was fetched from (JSONL ``url``, WARC target URI); it
    wins over the page's canonical URL, which is kept as ``meta["canonical_url"]``.

    selectolax (lexbor) parses in time quadratic in nesting depth, so a page with more than
    ``_MAX_UNCLOSED`` unclosed elements is parsed by trafilatura (lxml, depth-limited) only,
    and only its ``<head>`` by selectolax; ``meta["warnings"]`` says so.
    """
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    if nesting_depth(html) > MAX_DEPTH:
        return None  # no_text_message says why
    if _unclosed_tags(html) > _MAX_UNCLOSED:
        body_at = html.lower().find("<body")
        tree = LexborHTMLParser(html[: body_at if body_at >= 0 else 0])
        warnings.append(
            f"page leaves over {_MAX_UNCLOSED:,} elements open; read by trafilatura only, without the "
            "paragraph rescue and fallback"
        )
        body = None
    else:
        tree = LexborHTMLParser(_BLOCK_TAG.sub(_PARA + "<", html))
        body = tree.body
    published, published_time, published_source = _published(tree, url)
    for node in tree.css(_NOISE):
        node.decompose()
    paragraphs = _paragraphs(body) if body is not None else []

    result = _trafilatura(html, url)
    main = (getattr(result, "text", None) or "").strip()
    paragraph_chars = sum(len(text) for tag, text in paragraphs if tag in ("p", "blockquote") and len(text) >= 30)
    if main and len(main) * _FALLBACK_FACTOR >= paragraph_chars:
        main, rescued = _rescue(main, paragraphs)
        meta["extractor"] = "trafilatura+rescue" if rescued else "trafilatura"
        if rescued:
            meta["rescued_paragraphs"] = rescued
    else:
        main = "\n".join(text for _tag, text in paragraphs)
        if not main and body is not None:
            main = "\n".join(_lines(body.text(deep=True, separator="")))
        meta["extractor"] = "selectolax"
        if result is None or not getattr(result, "title", None):
            result = _metadata_only(html, url)
    main = normalize_newlines(main).strip()
    if not main:
        return None

    title = getattr(result, "title", None)
    if not title:
        node = tree.css_first("title")
        title = _norm(node.text()) if node is not None else None
    page_url = getattr(result, "url", None)
    if page_url and url and page_url != url:
        meta["canonical_url"] = page_url
    if published:
        meta["published_source"] = published_source
        if published_time:
            meta["published_time"] = published_time
    guess = getattr(result, "date", None)
    if guess and guess != published:
        meta["html_date_guess"] = guess
    return HtmlDoc(
        text=main,
        title=title or None,
        url=url or page_url or None,
        outlet=getattr(result, "sitename", None) or None,
        author=getattr(result, "author", None) or None,
        published=published,
        meta=meta,
        warnings=warnings,
    )


def no_text_message(html: str, encoding: str | None = None) -> str:
    """Why :func:`extract_html` found nothing, as a sentence for a ``bad_html`` rejection."""
    decoded = f"decoded as {encoding}; " if encoding else ""
    if nesting_depth(html) > MAX_DEPTH:
        return (
            f"HTML page is too deeply nested to parse safely ({decoded}elements nest more than "
            f"{MAX_DEPTH:,} levels deep)"
        )
    if _unclosed_tags(html) > _MAX_UNCLOSED:
        return (
            f"HTML page has no extractable text ({decoded}it leaves over {_MAX_UNCLOSED:,} elements "
            "open, too deeply nested to parse safely)"
        )
    return (
        f"HTML page has no extractable text ({decoded}checked trafilatura, <p> paragraphs and "
        "<body>); is it a script-only or empty page?"
    )


def html_doc(
    data: bytes,
    *,
    source: str,
    doc_id: str,
    hint: str | None,
    line: int | None = None,
    url: str | None = None,
    http_charset: str | None = None,
    fmt: str = "html",
) -> RawDoc | Rejection:
    """Decode and extract one HTML page given as bytes."""
    declared = http_charset or prescan_charset(data)
    decoded = decode_bytes(data, declared=declared, hint=hint)
    if isinstance(decoded, DecodeFailure):
        return reject(source, line, decode_stage(decoded.code), decoded.code, decoded.message)
    page = extract_html(decoded.text, url=url)
    if page is None:
        return reject(source, line, "parse", errors.BAD_HTML, no_text_message(decoded.text, decoded.encoding))
    meta = doc_meta(decoded, page.text, warnings=page.warnings)
    meta.update(page.meta)
    return RawDoc(
        doc_id=doc_id,
        text=page.text,
        source=source,
        line=line,
        fmt=fmt,
        title=page.title,
        url=page.url,
        published=page.published,
        outlet=page.outlet,
        author=page.author,
        encoding=decoded.encoding,
        meta=meta,
    )


def read_html(path: Path, source: str, settings: ReaderSettings) -> RawDoc | Rejection:
    """Read one ``.html``/``.htm`` file."""
    data = read_bounded(path, source, settings.max_doc_bytes)
    if isinstance(data, Rejection):
        return data
    return html_doc(data, source=source, doc_id=path.stem, hint=settings.encoding)
