"""Resolving persons: merging name mentions, each person's office and affiliation, and
coreference of titles, pronouns, counterparts and partial names (package docstring, steps 2 and 5)."""

from __future__ import annotations

from .dictionary import dictionary_entry
from .home import _GENERIC_HEADS
from .names import _Cand, _Event, _Persons, _same_person, _word_after, _word_before
from .reader import _Coref, _Reader, _TitleEl
from .title_lexicon import _folded_title, _PERSON_TITLES
from .tokens import _is_letter


def _el_country(el: _TitleEl) -> tuple[str | None, str | None]:
    for q in el.quals:
        return q.country, q.igo
    return None, None


def _role_for(role: str | None, igo: str | None, former: bool) -> str | None:
    if former:
        return "ELI"
    if igo and role not in ("ELI",):
        return "IGO"
    return role


class _Resolver:
    def __init__(self, r: _Reader, ps: _Persons, home: str | None, home_basis: str, published: str | None = None) -> None:
        self.r = r
        self.published = published
        self.ps = ps
        self.home = home
        self.home_basis = home_basis
        self.group: list[int] = []  # candidate -> person index
        self.persons: list[_Cand] = []
        self._heads = r.heads

    # -- merge names ----------------------------------------------------------------------

    def merge(self) -> None:
        cands = self.ps.cands
        self.group = [-1] * len(cands)
        multi = [i for i, c in enumerate(cands) if len(c.words) >= 2]
        singles = [i for i, c in enumerate(cands) if len(c.words) < 2]
        for i in multi:
            c = cands[i]
            hit = -1
            for pi, p in enumerate(self.persons):
                if c.key == p.key or _same_person(c.words, p.words) or _same_person(p.words, c.words):
                    hit = pi
                    break
            if hit < 0:
                self.persons.append(_Cand(c.name, list(c.words), c.key))
                hit = len(self.persons) - 1
            p = self.persons[hit]
            if len(c.words) > len(p.words):
                p.name, p.words, p.key = c.name, list(c.words), c.key
            self._absorb(p, c)
            self.group[i] = hit
        for i in singles:
            c = cands[i]
            hits = [pi for pi, p in enumerate(self.persons) if _same_person(c.words, p.words) or c.key == p.key]
            if not hits and c.words:
                # الأمير عبدالمحسن after الأمير عبدالمحسن بن عبدالعزيز: a first name, when only
                # one person of the document has it
                hits = [pi for pi, p in enumerate(self.persons) if len(p.words) >= 2 and p.words[0] == c.words[0]]
            if len(hits) == 1:
                self._absorb(self.persons[hits[0]], c)
                self.group[i] = hits[0]
            elif not hits and c.words and (c.single_anchor == "hon" or c.single_anchor == "title" and dictionary_entry(
                    c.key, 1, self.published) is not None):
                # after an honorific; after a title when the dictionary knows the name at the
                # document's date (الرئيس روحاني)
                same = [pi for pi, p in enumerate(self.persons) if p.key == c.key]
                if same:
                    self.group[i] = same[0]
                    self._absorb(self.persons[same[0]], c)
                    continue
                self.persons.append(_Cand(c.name, list(c.words), c.key))
                self._absorb(self.persons[-1], c)
                self.group[i] = len(self.persons) - 1
        # titles of dropped candidates are unattached again
        for i, c in enumerate(cands):
            if self.group[i] < 0:
                for el in c.titles:
                    self.ps.attached.pop(id(el), None)
        for ev in self.ps.events:
            if ev.person >= 0:
                ev.person = self.group[ev.person] if ev.kind in ("name", "title") or ev.co is not None else ev.person
            if ev.kind == "title" and ev.el is not None and id(ev.el) not in self.ps.attached:
                ev.person = -1
        self.ps.events = [e for e in self.ps.events if not (e.kind == "name" and e.person < 0)]

    @staticmethod
    def _absorb(p: _Cand, c: _Cand) -> None:
        p.titles.extend(c.titles)
        p.hons.extend(c.hons)
        if p.counterpart is None and c.counterpart is not None:
            p.counterpart = c.counterpart
        p.spans.extend(c.spans)

    # -- attributes -----------------------------------------------------------------------

    def attributes(self) -> None:
        for p in self.persons:
            own = [t for t in p.titles if t.kind in _PERSON_TITLES]
            strong = [t for t in own if not t.weak]
            weak = [t for t in own if t.weak]
            explicit = [t for t in strong if t.quals] or [t for t in weak if t.quals]
            main = explicit[0] if explicit else strong[0] if strong else weak[0] if weak else None
            country = igo = None
            basis = "explicit"
            if main is not None and main.quals:
                country, igo = _el_country(main)
            elif p.counterpart is not None and p.counterpart.quals:
                q = p.counterpart.quals[0]
                country, igo = q.country, q.igo
            entry = None
            if (country or igo) and len(p.words) >= 2:
                # a curated national official's state is a fact that holds at any date: it wins
                # over a reading of the text that disagrees (الزعيم الكوري كيم جونغ أون: the
                # bare demonym reads as South Korean)
                known = dictionary_entry(p.key, len(p.words), self.published)
                if known is not None and known.source == "curated" and not known.country.startswith("IGO") and (
                        known.country != (igo or country)):
                    country, igo, basis = known.country, None, "dictionary"
            if country is None and igo is None:
                entry = dictionary_entry(p.key, len(p.words), self.published)
                if entry is not None:
                    igo = entry.country if entry.country.startswith("IGO") else None
                    country = None if igo else entry.country
                    basis = "dictionary"
            if country is None and igo is None:
                role0 = main.role if main is not None else None
                if self.home and (main is not None or p.hons) and role0 != "IGO":
                    country, basis = self.home, self.home_basis
            if main is not None:
                p.role = _role_for(main.role, igo, main.former)
                p.role2 = None if p.role in ("IGO", "ELI") else main.role2
                p.title = main.canon
                p.rank = main.rank
            elif p.counterpart is not None:
                ante = self._antecedent_title(p.counterpart)
                if ante is not None:
                    p.role, p.role2, p.title, p.rank = _role_for(ante.role, igo, False), ante.role2, ante.canon, ante.rank
            else:
                roles = [h.role for h in p.hons if h.role]
                p.role = roles[0] if roles else None
                if entry is not None:  # a name alone: the dictionary's office too
                    p.role = p.role or _role_for(entry.role, igo, False)
                    p.title = entry.title
            p.country, p.igo, p.basis = country, igo, basis

    def _antecedent_title(self, co: _Coref) -> _TitleEl | None:
        """The office a counterpart refers to: the nearest title before it in its sentence,
        else the main title of the person named most recently before it."""
        pos = None
        for ev in self.ps.events:
            if ev.co is co:
                pos = ev.pos
                si = ev.sent
                break
        if pos is None:
            return None
        best = None
        for ev in self.ps.events:
            if ev.kind == "title" and ev.sent == si and ev.pos < pos and ev.el is not None and ev.el.kind in _PERSON_TITLES:
                if best is None or ev.pos > best.pos:
                    best = ev
        if best is not None and best.el is not None:
            return best.el
        return None

    # -- coreference ----------------------------------------------------------------------

    def corefer(self) -> None:
        r = self.r
        evs = sorted(self.ps.events, key=lambda e: (e.pos, e.end))
        # free partial names: a person's last name alone (توفيق), found with one regex over
        # every sentence (also those without any anchor)
        last_words: dict[str, list[int]] = {}
        for pi, p in enumerate(self.persons):
            if len(p.words) >= 2 and len(p.words[-1]) >= 3:
                last_words.setdefault(p.words[-1], []).append(pi)
        taken = sorted((e.pos, e.end) for e in evs)
        free: list[_Event] = []
        if last_words:
            import bisect

            view = r.nt.text
            nlex = r.nlex
            starts = [x for x, _ in taken]
            spans = [(s.a, s.b) for s in r.sents]
            sent_starts = [x for x, _ in spans]
            hits: list[tuple[int, int, str]] = []
            for w in last_words:
                forms = [w]
                for particle in ("عبد", "ابو", "ابي", "ابا"):
                    if w.startswith(particle) and len(w) > len(particle) + 1:
                        forms.append(particle + " " + w[len(particle) :])
                for form in forms:
                    pos = view.find(form)
                    while pos >= 0:
                        end = pos + len(form)
                        before = view[pos - 1] if pos > 0 else " "
                        if before in "وبل" and pos > 1 and not _is_letter(view[pos - 2]):
                            before = " "
                        if not _is_letter(before) and (end >= len(view) or not _is_letter(view[end])):
                            hits.append((pos, end, w))
                        pos = view.find(form, end)
            for ws, we, w in sorted(hits):
                k = bisect.bisect_right(sent_starts, ws) - 1
                if k < 0 or spans[k][1] < we:
                    continue  # outside the body sentences
                si = k
                s = r.sents[si]
                pis = last_words.get(w)
                if pis is None or len(pis) != 1:
                    continue
                j = bisect.bisect_right(starts, ws) - 1
                if j >= 0 and taken[j][1] > ws:
                    continue  # inside a name or title already read
                prev = _word_before(view, ws, s.a)
                if prev and (nlex.is_given(prev) or nlex.particle(prev) is not None or prev in self._heads):
                    continue
                nxt = _word_after(view, we, s.b)
                if nxt and nlex.particle(nxt) is not None:
                    continue
                free.append(_Event(ws, we, si, "free", pis[0]))
        evs = sorted(evs + free, key=lambda e: (e.pos, e.end))
        recent: dict[int, int] = {}  # person -> last position
        sent_subject: dict[int, int] = {}
        first_pos: dict[int, int] = {}
        for ev in evs:
            if ev.person >= 0 and ev.kind in ("name", "free", "title"):
                first_pos.setdefault(ev.person, ev.pos)
        out: list[_Event] = []
        for idx, ev in enumerate(evs):
            if ev.kind in ("name", "free"):
                if ev.person >= 0:
                    recent[ev.person] = ev.pos
                    sent_subject.setdefault(ev.sent, ev.person)
                out.append(ev)
                continue
            if ev.kind == "title":
                if ev.person < 0 and ev.el is not None and ev.el.kind in _PERSON_TITLES:
                    ev.person = self._by_title(ev.el, recent, first_pos)
                    if ev.person >= 0:
                        ev.kind = "title_coref"
                if ev.person >= 0:
                    recent[ev.person] = ev.pos
                    sent_subject.setdefault(ev.sent, ev.person)
                out.append(ev)
                continue
            co = ev.co
            if co is None:
                continue
            if ev.person < 0:
                if co.kind == "pronoun":
                    # سيادته: the subject of its sentence, else the person named last
                    subj = sent_subject.get(ev.sent, -1)
                    ev.person = subj if subj >= 0 else self._most_recent(recent, ev.pos)
                elif co.kind == "counterpart":
                    ev.person = self._counterpart(co, ev, recent)
                elif co.kind == "guest":
                    cands = [pi for pi in recent if self.persons[pi].country != self.home]
                    if co.quals:
                        cands = [pi for pi in cands if self.persons[pi].country in (co.quals[0].country, co.quals[0].igo)]
                    ev.person = max(cands, key=lambda pi: recent[pi]) if cands else -1
                elif co.kind == "turn":
                    following = [e for e in evs[idx + 1 : idx + 4] if e.sent == ev.sent and e.kind in ("name", "title", "free")]
                    if following and following[0].pos - ev.end < 40:
                        continue
                    subject = sent_subject.get(ev.sent - 1, -1)
                    cands = [pi for pi in recent if pi != subject]
                    ev.person = max(cands, key=lambda pi: recent[pi]) if cands else -1
                if ev.person >= 0:
                    ev.kind = "coref_resolved"
            if ev.person >= 0:
                recent[ev.person] = ev.pos
                if co.kind != "turn":
                    sent_subject.setdefault(ev.sent, ev.person)
            out.append(ev)
        self.ps.events = out

    @staticmethod
    def _most_recent(recent: dict[int, int], pos: int) -> int:
        before = [(p, pi) for pi, p in recent.items() if p < pos]
        return max(before)[1] if before else -1

    def _by_title(self, el: _TitleEl, recent: dict[int, int], first_pos: dict[int, int]) -> int:
        """The person holding the office ``el`` names (same title and country, or a generic
        head word: الوزير، المسؤول + demonym)."""
        country, igo = _el_country(el)
        want = igo or country
        generic = el.title.words[0] in _GENERIC_HEADS  # الوزير، المسؤول الأوروبي

        def ok_country(p: _Cand) -> bool:
            if want is not None:
                return want in (p.country, p.igo)
            # an unqualified office: the home country's holder
            return p.basis != "explicit" or p.country == self.home or self.home is None

        cands: list[int] = []
        for pi, p in enumerate(self.persons):
            if not ok_country(p):
                continue
            if generic:
                head = el.title.words[0][2:]  # الوزير -> وزير
                heads = [t.title.words[0].removeprefix("ال") for t in p.titles]
                if p.title:
                    heads.append(_folded_title(p.title).split()[0].removeprefix("ال"))
                if head in ("مسوول", "مسيول") or any(h.startswith(head) for h in heads):
                    cands.append(pi)
            elif any(t.text == el.text for t in p.titles):
                cands.append(pi)
        if not cands:
            return -1
        before = [pi for pi in cands if pi in recent]
        if before:
            return max(before, key=lambda pi: recent[pi])
        return min(cands, key=lambda pi: first_pos.get(pi, 1 << 60))

    def _counterpart(self, co: _Coref, ev: _Event, recent: dict[int, int]) -> int:
        want = None
        if co.quals:
            want = co.quals[0].igo or co.quals[0].country
        ante = self._antecedent_title(co)
        cands = []
        for pi, p in enumerate(self.persons):
            if want is not None and want not in (p.country, p.igo):
                continue
            if ante is not None and not any(t.text == ante.text or t.head == ante.head for t in p.titles) and want is None:
                continue
            cands.append(pi)
        if not cands:
            return -1
        before = [pi for pi in cands if pi in recent]
        if before:
            return max(before, key=lambda pi: recent[pi])
        return cands[0]


# --------------------------------------------------------------------------- output
