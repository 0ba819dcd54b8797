"""Full-text search over the folded (normalized) title and body of documents.

The index (``doc_search``, filled by :mod:`marsad.store.derived`) holds text folded by
:func:`marsad.text.normalize.fold`; a query is folded the same way, so أ/إ/آ/ا, ى/ي, ة/ه,
tashkeel and tatweel do not matter. Every word must occur (AND); a word ending in ``*``
matches as a prefix. A word also matches with the proclitics Arabic writes attached to it
(و ف ب ل ك and their pairs: مصر finds لمصر, وبمصر; المغرب finds للمغرب, وللمغرب), so a
search needs no stemmer and the index stays as written. SQLite: FTS5; PostgreSQL: tsvector
with the ``simple`` configuration.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from ...text.normalize import fold, normalize
from .common import QueryError

MAX_TERMS = 8
_WORD = re.compile(r"(\w+)(\*?)")
# Proclitics written attached to a word: a conjunction (و، ف) then a preposition (ب، ل، ك).
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


def forms(word: str) -> list[str]:
    """A folded query word and its forms with attached proclitics; ل/ك/ب before the article
    ال is written لل (للمغرب), which the ``ل`` forms spell out."""
    if not re.fullmatch(r"[\u0621-\u064a]{2,}", word):
        return [word]
    out = [c + word for c in _PROCLITICS]
    if word.startswith("ال"):
        out += [c + "ل" + word[1:] for c in ("", "و", "ف")]
    return list(dict.fromkeys(out))


def terms(query: str) -> list[tuple[str, bool]]:
    """The folded words of a query, each with whether it is a prefix."""
    if len(query) > 200:
        raise QueryError("the search query is longer than 200 characters", "q")
    out = []
    for m in _WORD.finditer(fold(query)):
        if m.group(1) and (m.group(1), bool(m.group(2))) not in out:
            out.append((m.group(1), bool(m.group(2))))
    if not out:
        raise QueryError("the search query has no words", "q")
    if len(out) > MAX_TERMS:
        raise QueryError(f"the search query has more than {MAX_TERMS} words", "q")
    return out


def _fts(ts: list[tuple[str, bool]]) -> str:
    """An FTS5 query: every word (AND), each as any of its clitic forms (OR)."""
    return " AND ".join("(" + " OR ".join(f'"{f}"' + ("*" if p else "") for f in forms(w)) + ")" for w, p in ts)


def _tsquery(ts: list[tuple[str, bool]]) -> str:
    """The same query for PostgreSQL's to_tsquery('simple', ...)."""
    return " & ".join("(" + " | ".join(f + (":*" if p else "") for f in forms(w)) + ")" for w, p in ts)


def match_ids(dialect: str, query: str) -> Any:
    """A SELECT of the ``documents.id`` matching ``query`` (bound parameters only)."""
    ts = terms(query)
    if dialect == "sqlite":
        return sa.select(sa.column("rowid")).select_from(sa.table("doc_search")).where(
            sa.text("doc_search MATCH :fts").bindparams(fts=_fts(ts)))
    tsq = _tsquery(ts)
    return sa.select(sa.column("document_id")).select_from(sa.table("doc_search")).where(
        sa.text("tsv @@ to_tsquery('simple', :tsq)").bindparams(tsq=tsq))


def ranked_ids(conn: sa.Connection, query: str, limit: int, offset: int) -> tuple[list[int], int]:
    """Matching document ids, best first (BM25 on SQLite, ts_rank on PostgreSQL), and how many match."""
    ts = terms(query)
    if conn.dialect.name == "sqlite":
        fts = _fts(ts)
        total = conn.execute(sa.text("SELECT count(*) FROM doc_search WHERE doc_search MATCH :fts"), {"fts": fts}).scalar()
        ids = conn.execute(sa.text("SELECT rowid FROM doc_search WHERE doc_search MATCH :fts ORDER BY rank LIMIT :l OFFSET :o"),
                           {"fts": fts, "l": limit, "o": offset}).scalars().all()
    else:
        tsq = _tsquery(ts)
        total = conn.execute(sa.text("SELECT count(*) FROM doc_search WHERE tsv @@ to_tsquery('simple', :q)"), {"q": tsq}).scalar()
        ids = conn.execute(sa.text(
            "SELECT document_id FROM doc_search WHERE tsv @@ to_tsquery('simple', :q) "
            "ORDER BY ts_rank(tsv, to_tsquery('simple', :q)) DESC, document_id LIMIT :l OFFSET :o"),
            {"q": tsq, "l": limit, "o": offset}).scalars().all()
    return [int(i) for i in ids], int(total or 0)


def snippet(text: str, spans: list[list[int]], query: str, width: int = 90) -> dict[str, Any] | None:
    """Where the first query word occurs in the document's body: ``text`` (a window of the
    original text around it) and ``start``/``end`` of the match in the original text."""
    words = [w for w, _p in terms(query)]
    for s, e in spans:
        nt = normalize(text[s:e])
        for w in words:
            m = re.search(r"(?<!\w)(?:" + "|".join(map(re.escape, forms(w))) + ")", nt.text)
            if m:
                a, b = nt.orig_span(m.start(), m.end())
                a, b = a + s, b + s
                lo, hi = max(s, a - width), min(e, b + width)
                return {"text": text[lo:hi], "offset": lo, "start": a, "end": b}
    return None
