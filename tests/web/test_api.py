"""The REST API in-process, on SQLite and PostgreSQL: every endpoint and filter, the envelope,
the error shape, pagination, downloads and limits."""

from __future__ import annotations

import csv
import io
import json

import pytest

from marsad.lexicon.events import event_code

from .conftest import XSS_ID, XSS_TITLE


def data(c, url, status=200):
    r = c.get(url)
    assert r.status_code == status, (url, r.text[:300])
    body = r.json()
    if status == 200:
        assert set(body) == {"data", "meta"}
        return body
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "field"}
    assert body["error"]["status"] == status
    return body["error"]


def events(c, query=""):
    return data(c, "/api/events?limit=200&modality=all" + ("&" + query if query else ""))["data"]


# --- envelope, pagination, errors, limits -----------------------------------------------


def test_list_envelope_and_pagination(client) -> None:
    first = data(client, "/api/documents?limit=5")
    meta = first["meta"]
    assert meta["limit"] == 5 and meta["offset"] == 0 and meta["total"] >= 18
    assert len(first["data"]) == 5 and meta["next"]
    second = data(client, meta["next"].split("testserver", 1)[1])
    assert second["meta"]["offset"] == 5
    ids1 = {d["doc_id"] for d in first["data"]}
    ids2 = {d["doc_id"] for d in second["data"]}
    assert not ids1 & ids2
    last = data(client, f"/api/documents?limit=5&offset={meta['total'] - 2}")
    assert len(last["data"]) == 2 and last["meta"]["next"] is None


@pytest.mark.parametrize("url,status,field", [
    ("/api/documents?limit=201", 400, "limit"),
    ("/api/documents?limit=0", 400, "limit"),
    ("/api/documents?offset=-1", 400, "offset"),
    ("/api/documents?offset=100001", 400, "offset"),
    ("/api/events?since=2024-13", 400, "since"),
    ("/api/events?root=21", 400, "root"),
    ("/api/events?code=abc", 400, "code"),
    ("/api/events?country=eg%3B", 400, "country"),
    ("/api/events?pair=EGY", 400, "pair"),
    ("/api/events?plover=NOPE", 400, "plover"),
    ("/api/events?modality=maybe", 400, "modality"),
    ("/api/events?quad_class=5", 400, "quad_class"),
    ("/api/events?topic=%27%3B%20drop", 400, "topic"),
    ("/api/events?format=xml", 400, "format"),
    ("/api/search?q=%21%21%21", 400, "q"),
    ("/api/search?q=" + "+".join(f"كلمة{i}" for i in "abcdefghi"), 400, "q"),
    ("/api/aggregates/timeline?interval=year", 400, "interval"),
    ("/api/documents/nope", 404, None),
    ("/api/events/999999", 404, None),
    ("/api/persons/nobody", 404, None),
    ("/api/stories/999999", 404, None),
    ("/api/countries/ZZZ", 404, None),
    ("/api/no-such-endpoint", 404, None),
])
def test_one_error_shape(client, url, status, field) -> None:
    err = data(client, url, status)
    assert err["message"]
    assert err["field"] == field


def test_read_only(client) -> None:
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/events")
        assert r.status_code == 405
        assert r.json()["error"]["code"] == "method_not_allowed"


def test_security_headers(client) -> None:
    r = client.get("/api/overview")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_openapi_spec(client) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/events/{event_id}", "/api/persons",
            "/api/persons/{key}", "/api/stories", "/api/stories/{story_id}", "/api/search", "/api/aggregates/timeline",
            "/api/aggregates/network", "/api/aggregates/map", "/api/countries/{code}", "/api/overview", "/api/outlets"} <= paths
    assert all(p.startswith("/api/") for p in paths)
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/events" in page.text and "Try it" in page.text


# --- documents and search -----------------------------------------------------------------


def test_documents_filters(client) -> None:
    outlets = data(client, "/api/outlets")["data"]
    top = outlets[0]
    got = data(client, "/api/documents?limit=200&outlet=" + top["outlet"])
    assert got["meta"]["total"] == top["documents"] and all(d["outlet"] == top["outlet"] for d in got["data"])
    got = data(client, "/api/documents?limit=200&since=2024-10-01&until=2024-10-02")["data"]
    assert {d["doc_id"] for d in got} >= {"story-a", "story-b"}
    assert all("2024-10-01" <= d["published"] <= "2024-10-02" for d in got)
    dates = [d["published"] for d in data(client, "/api/documents?limit=200&sort=published")["data"] if d["published"]]
    assert dates == sorted(dates)


def test_document_with_every_field_and_offsets(client) -> None:
    doc = data(client, "/api/documents/atlas_morocco_senegal_mou")["data"]
    text = doc["text"]
    assert doc["body"] and doc["removed"] and doc["extracted"] is True
    for r in doc["removed"]:
        assert text[r["start"]:r["end"]] == r["text"] and r["reason"]
    for kind in ("dates", "places", "actors"):
        assert doc[kind], kind
        for x in doc[kind]:
            assert text[x["start"]:x["end"]] == x["text"]
    assert doc["events"]
    for e in doc["events"]:
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]
        assert isinstance(e["event_id"], int) and e["num_articles"] >= 1


@pytest.mark.parametrize("variant", ["الأمم", "الامم", "الأُمَم", "الإمم", "الأمـــم"])
def test_search_folds_hamza_tashkeel_tatweel(client, variant) -> None:
    base = {d["doc_id"] for d in data(client, "/api/search?limit=200&q=الامم")["data"]}
    assert base
    got = {d["doc_id"] for d in data(client, f"/api/search?limit=200&q={variant}")["data"]}
    assert got == base


def test_search_alef_maqsura_and_ta_marbuta(client) -> None:
    a = {d["doc_id"] for d in data(client, "/api/search?q=الى تونس&limit=200")["data"]}
    b = {d["doc_id"] for d in data(client, "/api/search?q=إلي تونس&limit=200")["data"]}
    assert XSS_ID in a and a == b
    c1 = {d["doc_id"] for d in data(client, "/api/search?q=الخارجية&limit=200")["data"]}
    c2 = {d["doc_id"] for d in data(client, "/api/search?q=الخارجيه&limit=200")["data"]}
    assert c1 == c2 and "story-a" in c1


def test_search_snippet_points_at_the_match(client) -> None:
    got = data(client, "/api/search?q=الكهربائي")["data"]
    assert {d["doc_id"] for d in got} == {"story-a", "story-b"}
    doc = data(client, "/api/documents/story-a")["data"]
    hit = next(d for d in got if d["doc_id"] == "story-a")["snippet"]
    assert doc["text"][hit["start"]:hit["end"]] == "الكهربائي"


def test_search_finds_words_with_attached_proclitics(client) -> None:
    # the fixture's STORY writes only لمراجعة (ل + مراجعة) and للمشروع (ل + المشروع)
    assert {d["doc_id"] for d in data(client, "/api/search?q=مراجعة")["data"]} == {"story-a", "story-b"}
    got = data(client, "/api/search?q=المشروع")["data"]
    assert {d["doc_id"] for d in got} == {"story-a", "story-b"}
    doc = data(client, "/api/documents/story-a")["data"]
    hit = next(d for d in got if d["doc_id"] == "story-a")["snippet"]
    assert doc["text"][hit["start"]:hit["end"]] == "للمشروع"


def test_search_prefix_and_and(client) -> None:
    assert {d["doc_id"] for d in data(client, "/api/search?q=الكهرب*")["data"]} == {"story-a", "story-b"}
    assert data(client, "/api/search?q=الكهربائي السنغال")["meta"]["total"] == 0
    assert data(client, "/api/documents?q=الكهربائي&outlet=صحيفة الاختبار الأولى")["meta"]["total"] == 1


# --- events -------------------------------------------------------------------------------


def sides(e):
    return {(e["source"] or {}).get("country") or (e["source"] or {}).get("igo"),
            (e["target"] or {}).get("country") or (e["target"] or {}).get("igo")}


def test_events_default_modalities_and_all(client) -> None:
    default = data(client, "/api/events?limit=200")["data"]
    assert default and all(e["modality"] in ("realized", "planned") for e in default)
    assert len(events(client)) >= len(default)
    planned = data(client, "/api/events?limit=200&modality=planned")["data"]
    assert planned and all(e["modality"] == "planned" for e in planned)


def test_events_country_and_pair(client) -> None:
    egy = events(client, "country=EGY")
    assert egy and all("EGY" in sides(e) for e in egy)
    assert events(client, "country=egy") == egy
    pair = events(client, "pair=JOR,EGY")
    assert pair and all(sides(e) == {"EGY", "JOR"} for e in pair)
    assert events(client, "pair=EGY,JOR") == pair


def test_events_code_root_quad_plover(client) -> None:
    assert all(e["code"].startswith("04") for e in events(client, "code=04"))
    got = events(client, "code=042")
    assert got and all(e["code"].startswith("042") for e in got)
    assert all(e["root"] == "05" for e in events(client, "root=5"))
    for q in (1, 2, 3, 4):
        assert all(event_code(e["code"]).quad_class == q for e in events(client, f"quad_class={q}"))
    consult = events(client, "plover=CONSULT")
    assert consult and all(e["plover_type"] == "CONSULT" for e in consult)
    assert len(events(client, "quad_class=1")) + len(events(client, "quad_class=2")) + len(events(client, "quad_class=3")) \
        + len(events(client, "quad_class=4")) == len(events(client))


def test_events_topic_outlet_text_doc_and_dates(client) -> None:
    sec = events(client, "topic=security")
    assert sec and all("security" in e["topics"] for e in sec)
    got = events(client, "outlet=صحيفة الاختبار الثانية")
    assert got and all("story-b" in e["doc_ids"] for e in got)
    got = events(client, "q=الكهربائي")
    assert got and all({"story-a", "story-b"} & set(e["doc_ids"]) for e in got)
    got = events(client, f"doc_id={XSS_ID}")
    assert got and all(XSS_ID in e["doc_ids"] for e in got)
    window = events(client, "since=2024-10-01&until=2024-10-31")
    assert window
    for e in window:  # the event's date range overlaps the window
        d = e["date"]
        assert d and d[: len(d)] >= "2024-10-01"[: len(d)] and d <= "2024-10-31"[: len(d)]


def test_events_min_articles_and_sort(client) -> None:
    two = events(client, "min_articles=2")
    assert two and all(e["num_articles"] >= 2 for e in two)
    by_articles = [e["num_articles"] for e in events(client, "sort=-articles")]
    assert by_articles == sorted(by_articles, reverse=True)
    dated = [e["date"] for e in events(client, "sort=date") if e["date"]]
    assert dated == sorted(dated)


def test_one_event_with_mentions_and_evidence(client) -> None:
    merged = events(client, "min_articles=2")[0]
    ev = data(client, f"/api/events/{merged['event_id']}")["data"]
    assert len({m["doc_id"] for m in ev["mentions"]}) == ev["num_articles"] >= 2
    for m in ev["mentions"]:
        doc = data(client, f"/api/documents/{m['doc_id']}")["data"]
        assert doc["text"][m["evidence"]["start"]:m["evidence"]["end"]] == m["evidence"]["text"]
        assert doc["text"][m["trigger"]["start"]:m["trigger"]["end"]] == m["trigger"]["text"]
        assert m["outlet"] and m["published"]


# --- persons, stories -----------------------------------------------------------------------


def test_persons(client) -> None:
    page = data(client, "/api/persons?limit=200")
    people = page["data"]
    assert people and page["meta"]["total"] == len(people)
    counts = [p["documents"] for p in people]
    assert counts == sorted(counts, reverse=True)
    top = people[0]
    one = data(client, "/api/persons/" + top["key"])["data"]
    assert one["name"] == top["name"] and len({m["doc_id"] for m in one["mentions"]}) == top["documents"]
    assert one["offices"] and all(o["first"] <= o["last"] for o in one["offices"] if o["first"])
    tun = data(client, "/api/persons?country=TUN&limit=200")["data"]
    assert tun and len(tun) < len(people)
    named = data(client, "/api/persons?q=" + top["variants"][0][:4])["data"]
    assert any(p["key"] == top["key"] for p in named)


def test_stories(client) -> None:
    got = data(client, "/api/stories")["data"]
    ours = [s for s in got if {m["doc_id"] for m in s["members"]} == {"story-a", "story-b"}]
    assert len(ours) == 1
    story = data(client, f"/api/stories/{ours[0]['story_id']}")["data"]
    assert len(story["members"]) == 2 and all("مصر" in m["body"] or "المصري" in m["body"] for m in story["members"])
    assert data(client, "/api/stories?since=2030-01-01")["meta"]["total"] == 0
    assert data(client, "/api/stories?min_docs=1")["meta"]["total"] >= 18


# --- aggregates -----------------------------------------------------------------------------


def test_timeline_matches_the_events(client) -> None:
    tl = data(client, "/api/aggregates/timeline?interval=day")["data"]
    evs = data(client, "/api/events?limit=200")["data"]
    day_events = [e for e in evs if e["date"] and len(e["date"]) == 10]
    assert sum(s["events"] for s in tl["series"]) == len(day_events)
    assert tl["undated"] == len(evs) - len(day_events)
    gold = sum(event_code(e["code"]).goldstein for e in day_events)
    assert abs(sum(s["goldstein"] for s in tl["series"]) - gold) < 0.05
    month = data(client, "/api/aggregates/timeline?interval=month&by=root")["data"]
    assert all(len(s["period"]) == 7 for s in month["series"])
    assert sum(s["events"] for s in month["series"]) >= len(day_events)
    week = data(client, "/api/aggregates/timeline?interval=week&by=none")["data"]
    assert sum(s["events"] for s in week["series"]) == len(day_events)
    egy = data(client, "/api/aggregates/timeline?country=EGY&interval=day")["data"]
    assert sum(s["events"] for s in egy["series"]) == len([e for e in day_events if "EGY" in sides(e)])
    assert data(client, "/api/aggregates/timeline?since=2030-01-01")["data"]["series"] == []


def test_network_edges_match_the_events(client) -> None:
    net = data(client, "/api/aggregates/network?limit=1000")["data"]
    evs = data(client, "/api/events?limit=200")["data"]
    edge = net["edges"][0]
    pair = [e for e in evs if sides(e) == {edge["source"], edge["target"]}]
    assert edge["events"] == len(pair)
    assert edge["cooperation"] + edge["conflict"] == edge["events"]
    assert {n["id"] for n in net["nodes"]} == {x for e in net["edges"] for x in (e["source"], e["target"])}
    en = data(client, "/api/aggregates/network?lang=en")["data"]
    assert any(n["name"] == "Egypt" for n in en["nodes"])
    assert data(client, "/api/aggregates/network?min_events=1000")["data"]["edges"] == []


def test_dossier(client) -> None:
    d = data(client, "/api/countries/EGY")["data"]
    assert d["name"] == "مصر" and d["events"] == len([e for e in data(client, "/api/events?limit=200&country=EGY")["data"]])
    assert any(p["code"] == "JOR" for p in d["partners"]) and d["first_contact"] <= d["last_contact"]
    assert d["classes"] and d["roots"]
    tun = data(client, "/api/countries/tun")["data"]
    assert tun["persons"] and tun["code"] == "TUN"


def _type_node(net: dict) -> dict:
    """The network node of the armed men of the test article (an actor type of no known state)."""
    found = [n for n in net["nodes"] if n["kind"] == "type"]
    assert found, net["nodes"]
    return found[0]


def test_actor_types_are_parties_of_their_own_kind_not_states(client) -> None:
    """A non-state actor of no known country (marsad.model.actor_side gives its CAMEO type,
    such as INS or UAF) is a node of kind ``type`` with its name from actor_types.tsv, never a
    state; its dossier says so, and the map has no point for it."""
    from marsad.lexicon.loader import load_table

    names = {r["code"]: (r["name_ar"], r["name_en"]) for r in load_table("actor_types")}
    net = data(client, "/api/aggregates/network?limit=1000")["data"]
    node = _type_node(net)
    assert node["id"] in {"INS", "UAF"} and node["name"] == names[node["id"]][0]
    assert all(n["kind"] != "state" for n in net["nodes"] if n["id"] in names)
    assert any(e["source"] == "NGA" or e["target"] == "NGA" for e in net["edges"] if node["id"] in (e["source"], e["target"]))
    en = data(client, "/api/aggregates/network?limit=1000&lang=en")["data"]
    assert next(n for n in en["nodes"] if n["id"] == node["id"])["name"] == names[node["id"]][1]
    d = data(client, f"/api/countries/{node['id']}")["data"]
    assert d["kind"] == "type" and d["name"] == names[node["id"]][0] and d["persons"] == []
    nga = data(client, "/api/countries/NGA?lang=en")["data"]
    assert nga["kind"] == "state"
    assert next(p for p in nga["partners"] if p["code"] == node["id"])["name"] == names[node["id"]][1]
    m = data(client, "/api/aggregates/map")["data"]
    assert all(p["code"] not in names for p in m["points"])


def test_map_points(client) -> None:
    m = data(client, "/api/aggregates/map")["data"]
    assert m["points"] and m["placed"] + m["unplaced"] == data(client, "/api/events?limit=1")["meta"]["total"]
    egy = next(p for p in m["points"] if p.get("code") == "EGY")
    assert egy["basis"] == "country" and 20 < egy["lat"] < 32 and 25 < egy["lon"] < 36


def test_overview(client) -> None:
    ov = data(client, "/api/overview")["data"]
    assert ov["documents"] == data(client, "/api/documents?limit=1")["meta"]["total"]
    assert ov["events"] == data(client, "/api/events?limit=1")["meta"]["total"] + data(
        client, "/api/events?limit=1&modality=negated&modality=cancelled&modality=conditional&modality=hypothetical")["meta"]["total"]
    assert ov["dyads"]


# --- downloads ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/events", "/api/documents", "/api/persons", "/api/stories", "/api/search?q=الامم"])
def test_downloads(client, path) -> None:
    sep = "&" if "?" in path else "?"
    full = data(client, path + sep + "limit=200")
    rows = client.get(path + sep + "format=jsonl")
    assert rows.headers["content-type"].startswith("application/x-ndjson")
    items = [json.loads(x) for x in rows.text.splitlines()]
    assert len(items) == full["meta"]["total"] and items == full["data"]
    c = client.get(path + sep + "format=csv")
    assert c.headers["content-type"].startswith("text/csv") and "attachment" in c.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(c.text)))
    assert len(table) == full["meta"]["total"]


def test_download_with_a_bad_filter_is_an_error_not_a_broken_file(client) -> None:
    assert data(client, "/api/events?format=csv&root=99", 400)["field"] == "root"


def test_article_strings_come_back_verbatim(client) -> None:
    doc = data(client, f"/api/documents/{XSS_ID}")["data"]
    assert doc["title"] == XSS_TITLE


def test_map_places_city_events_at_the_city() -> None:
    from marsad.store.derived import _place

    city = {"location": {"country": "EGY", "name": "الإسكندرية", "lat": 31.2, "lon": 29.9, "precision": "city"}}
    assert _place(city, "EGY", "JOR") == ("EGY", 31.2, 29.9, "الإسكندرية")
    country = {"location": {"country": "EGY", "lat": 26.0, "lon": 30.0, "precision": "country"}}
    assert _place(country, "EGY", "JOR") == ("EGY", None, None, None)
    assert _place({"location": None, "target": {"country": "JOR"}, "source": {"country": "EGY"}}, "EGY", "JOR")[0] == "JOR"
    assert _place({"location": None, "target": {"igo": "IGOUNO"}, "source": {"country": "EGY"}}, "EGY", "IGOUNO")[0] == "EGY"
