"""Building the output records: :class:`~marsad.model.ActorMention` and
:class:`~marsad.model.Person` with original offsets."""

from __future__ import annotations

from ...model import ActorMention, Person, Span
from ...lexicon.actor_dictionary import office_holder
from ..persons import person_key
from .codes import actor_code
from .dictionary import enabled as use_dictionary_now
from .groups import group_code, is_nonstate
from .context import Context
from .coreference import _el_country, _Resolver, _role_for
from .reader import _Reader, _TitleEl
from .title_lexicon import _PERSON_TITLES


def _kind_of(el: _TitleEl) -> str:
    if el.title.group:
        return "group"
    if el.kind in _PERSON_TITLES:
        return "office"
    if el.kind == "side":
        return "group"
    return "institution"


def _office_holder(el: _TitleEl, quals: list, res: _Resolver):  # type: ignore[no-untyped-def]
    """The dictionary's holder of the office ``el`` names (one office of one explicit state or
    organisation, not a former official) at the document's date, or None."""
    if len(quals) != 1 or el.kind != "office" or el.former or el.weak:
        return None
    q = quals[0]
    return office_holder(el.title.title, q.igo or q.country or "", res.published) if use_dictionary_now() else None


def _person_of(res: _Resolver, key: str, variants: tuple[str, ...]) -> int | None:
    """The document person that is the dictionary entry ``key`` (by key or a spelling)."""
    keys = {key} | {person_key(v) for v in variants}
    for i, p in enumerate(res.persons):
        if p.key in keys:
            return i
    return None


def _output(r: _Reader, res: _Resolver) -> tuple[list[ActorMention], list[Person]]:
    nt, text = r.nt, r.text
    persons = [
        Person(name=p.name, mentions=[], role=p.role, title=p.title, country=p.igo or p.country, key=p.key)
        for p in res.persons
    ]
    actors: list[ActorMention] = []
    covered: list[tuple[int, int]] = []
    named: set[int] = set()
    ctx = Context(r, res.home)
    for ev in res.ps.events:
        s, e = r.orig(ev.pos, ev.end)
        covered.append((s, e))
        if ev.kind in ("name", "free"):
            p = res.persons[ev.person]
            basis = p.basis if ev.person not in named and ev.kind == "name" else "coreference"
            named.add(ev.person)
            actors.append(ActorMention(text[s:e], s, e, actor_code(p.country, p.igo, p.role, p.role2), "person",
                                       p.country, p.igo, p.role, p.title, p.rank, ev.person, basis))
            persons[ev.person].mentions.append(Span(s, e))
        elif ev.kind in ("title", "title_coref") and ev.el is not None:
            el = ev.el
            ec, eigo = _el_country(el)
            kind = _kind_of(el)
            if ev.person >= 0:
                p = res.persons[ev.person]
                if ec or eigo:
                    country, igo, basis = ec, eigo, "explicit" if ev.kind == "title" else "coreference"
                else:
                    country, igo = p.country, p.igo
                    basis = p.basis if ev.kind == "title" else "coreference"
                if ev.kind == "title_coref":
                    persons[ev.person].mentions.append(Span(s, e))
                role = _role_for(el.role, igo, el.former)
                actors.append(ActorMention(text[s:e], s, e, actor_code(country, igo, role, None if role in ("IGO", "ELI") else el.role2),
                                           kind, country, igo, role, el.canon, el.rank, ev.person, basis))
                continue
            quals = [q for q in el.quals if q.how == "demonym"] if el.kind == "side" and len(el.quals) > 1 else el.quals[:1]
            holder = _office_holder(el, quals, res)
            if holder is not None:
                q = quals[0]
                pi = _person_of(res, holder.key, holder.variants)
                role = _role_for(el.role, q.igo, el.former)
                code = actor_code(q.country, q.igo, role, None if role in ("IGO", "ELI") else el.role2)
                if pi is not None:  # the holder is named elsewhere in the document
                    persons[pi].mentions.append(Span(s, e))
                    actors.append(ActorMention(text[s:e], s, e, code, kind, q.country, q.igo, role, el.canon, el.rank, pi, "office"))
                else:
                    actors.append(ActorMention(text[s:e], s, e, code, kind, q.country, q.igo, role, el.canon, el.rank, None,
                                               "explicit", holder.name, holder.key))
                continue
            if quals:
                ctx.note_named(ev.pos, el, quals[0].country)
                for q in quals:
                    role = _role_for(el.role, q.igo, el.former)
                    code = group_code(el, q.country, q.igo, role) or actor_code(q.country, q.igo, role, None if role in ("IGO", "ELI") else el.role2)
                    actors.append(ActorMention(text[s:e], s, e, code,
                                               kind, q.country, q.igo, role, el.canon, el.rank, None, "explicit"))
            else:
                country = None
                basis = "explicit"
                role = el.role
                # a force, nickname or coalition the text puts in a state (context.py), else the
                # home country for a national office
                got = ctx.resolve(ev.pos, el, is_nonstate(el)) if el.role != "IGO" and el.kind != "adjective" else None
                if got is not None:
                    country, role, basis = got
                    if ctx.ref_of(el) is not None and country:
                        kind = "country" if el.kind == "side" else kind
                elif res.home and el.role != "IGO" and el.kind != "adjective" and not is_nonstate(el):
                    country, basis = res.home, res.home_basis
                role = _role_for(role, None, el.former)
                code = group_code(el, country, None, role) or actor_code(country, None, role, el.role2)
                actors.append(ActorMention(text[s:e], s, e, code,
                                           kind, country, None, role, el.canon, el.rank, None, basis))
        elif ev.co is not None:
            co = ev.co
            if ev.person >= 0:
                p = res.persons[ev.person]
                persons[ev.person].mentions.append(Span(s, e))
                actors.append(ActorMention(text[s:e], s, e, actor_code(p.country, p.igo, p.role, p.role2), "person",
                                           p.country, p.igo, p.role, p.title, p.rank, ev.person, "coreference"))
            elif co.quals:
                ante = res._antecedent_title(co) if co.kind == "counterpart" else None
                for q in co.quals:  # نظرائه الفرنسيين والألمان: one actor per state
                    role = _role_for(ante.role if ante is not None else "GOV", q.igo, False)
                    actors.append(ActorMention(text[s:e], s, e, actor_code(q.country, q.igo, role, None), "office",
                                               q.country, q.igo, role, ante.canon if ante is not None else None,
                                               ante.rank if ante is not None else None, None, "explicit"))
    # countries and organisations named on their own
    covered.sort()
    import bisect

    starts = [a for a, _ in covered]
    for p in r.places:
        if p.kind not in ("country", "igo"):
            continue
        k = bisect.bisect_right(starts, p.start) - 1
        if k >= 0 and covered[k][1] >= p.end:
            continue
        if any(a <= p.start and p.end <= b for a, b in covered[max(0, k - 3) : k + 1]):
            continue
        actors.append(ActorMention(p.text, p.start, p.end, p.igo or p.country or p.code, p.kind, p.country, p.igo))
    # capitals that stand for their government, and nisba adjectives of groups (context.py)
    for a in ctx.metonymic_capitals() + ctx.nisba_actors():
        k = bisect.bisect_right(starts, a.start) - 1
        if any(x < a.end and a.start < y for x, y in covered[max(0, k - 3) : k + 2]):
            continue
        actors.append(a)
    for pr in persons:
        pr.mentions.sort(key=lambda sp: (sp.start, sp.end))
    actors.sort(key=lambda a: (a.start, a.end, a.kind))
    return actors, persons
