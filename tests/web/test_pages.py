"""The dashboard's pages in-process: every page renders on both stores, filters live in the
URL, article strings are escaped, and the document view highlights fields at their offsets."""

from __future__ import annotations

import html
import re

import pytest

from .conftest import XSS_ID


def page(client, url, status=200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    return r.text


@pytest.mark.parametrize("url", [
    "/", "/?lang=en", "/timeline", "/timeline?interval=month&by=root", "/timeline?interval=day&by=none&country=EGY",
    "/network", "/network?since=2024-01-01&until=2024-12-31", "/map", "/map?country=EGY", "/countries/EGY",
    "/countries/IGOEUREEC", "/events", "/events?country=EGY&quad_class=1&plover=CONSULT&modality=all",
    "/events?pair=EGY,JOR&min_articles=2&sort=-articles", "/documents", "/documents?q=الأمم",
    "/documents/atlas_morocco_senegal_mou", "/persons", "/persons?country=TUN", "/stories", "/docs",
])
def test_pages_render(client, url) -> None:
    text = page(client, url)
    assert '<html lang="' in text and "/static/app.css" in text


def test_arabic_rtl_by_default_and_english_toggle(client) -> None:
    client.cookies.clear()  # the language choice is remembered in a cookie
    ar = page(client, "/")
    assert '<html lang="ar" dir="rtl">' in ar and "الشبكة" in ar
    assert 'href="/?lang=en"' in ar
    en = page(client, "/network?lang=en")
    assert '<html lang="en" dir="ltr">' in en and ">Network<" in en and ">Egypt<" in en
    assert '<html lang="en"' in page(client, "/timeline")  # remembered
    client.cookies.clear()


def test_missing_pages_and_bad_filters(client) -> None:
    assert "ZZZ" in page(client, "/countries/ZZZ", 404)
    page(client, "/events/999999", 404)
    page(client, "/documents/nope", 404)
    page(client, "/persons/nobody", 404)
    page(client, "/stories/999999", 404)
    assert "root" in page(client, "/events?root=77", 400)


def test_filters_are_in_the_url_and_kept_in_the_form(client) -> None:
    text = page(client, "/events?country=EGY&since=2024-01-01")
    assert 'name="country" value="EGY"' in text and 'name="since" value="2024-01-01"' in text
    # every row is an Egyptian event
    assert "/api/events?country=EGY&amp;since=2024-01-01&amp;format=csv" in text


def test_network_nodes_link_to_dossiers(client) -> None:
    text = page(client, "/network")
    codes = re.findall(r'<a href="/countries/([A-Z]+)" class="node"', text)
    assert "EGY" in codes and "JOR" in codes
    dossier = page(client, "/countries/JOR?lang=ar")
    assert "الأردن" in dossier and 'href="/countries/EGY"' in dossier


def test_actor_types_are_drawn_and_labelled_as_types(client) -> None:
    """The armed men of the test article (an actor type, no known state) are a node of class
    ``type`` (not ``state``), named from actor_types.tsv, in the network and the dossier."""
    text = page(client, "/network?lang=en")
    kinds = dict(re.findall(r'class="node" data-code="([A-Z]+)"><circle [^>]*class="(\w+)"', text))
    assert kinds["EGY"] == "state"
    types = [c for c, k in kinds.items() if k == "type"]
    assert types and set(types) <= {"INS", "UAF"}, kinds
    assert 'id="network-legend"' in text and "actor type" in text
    dossier = page(client, f"/countries/{types[0]}?lang=en")
    assert 'id="dossier-kind"' in dossier and "actor type (no known state)" in dossier
    assert "Nigeria" in dossier and '<th>Party</th>' in dossier
    events = page(client, f"/events?country={types[0]}&lang=en")
    assert f'href="/countries/{types[0]}"' in events  # the event's party is the type, not a dash


def test_document_highlights_sit_at_their_offsets(client) -> None:
    doc = client.get("/api/documents/atlas_morocco_senegal_mou").json()["data"]
    text = page(client, "/documents/atlas_morocco_senegal_mou")
    spans = re.findall(r'<span class="hl ([^"]*)" data-ann="([^"]*)" data-start="(\d+)" title="([^"]*)">([^<]*)</span>', text)
    assert spans
    kinds = set()
    for cls, _ann, start, title, body in spans:
        s = int(start)
        assert doc["text"][s:s + len(html.unescape(body))] == html.unescape(body)
        kinds |= set(cls.split())
    assert {"k-evidence", "k-trigger", "k-date", "k-place"} <= kinds
    triggers = [html.unescape(b) for c, _a, _s, _t, b in spans if "k-trigger" in c]
    assert doc["events"][0]["trigger"]["text"] in "".join(triggers)
    assert any(doc["events"][0]["code"] in html.unescape(t) for _c, _a, _s, t, _b in spans)  # hover: code, actors, date
    # removed furniture is shown apart with its reason
    removed = text.split('id="removed"', 1)[1]
    for r in doc["removed"]:
        assert html.escape(r["reason"]) in removed and html.escape(r["text"], quote=False) in removed


def test_event_page_shows_each_mention_with_its_evidence(client) -> None:
    ev = client.get("/api/events?min_articles=2&limit=1").json()["data"][0]
    text = page(client, f"/events/{ev['event_id']}")
    for d in ev["doc_ids"]:
        assert f'href="/documents/{d}#s' in text
    assert '<mark class="trigger">' in text


def test_story_page_shows_versions_side_by_side(client) -> None:
    story = next(s for s in client.get("/api/stories").json()["data"] if {m["doc_id"] for m in s["members"]} == {"story-a", "story-b"})
    text = page(client, f"/stories/{story['story_id']}")
    assert text.count('<article class="version">') == 2 and "صحيفة الاختبار الثانية" in text


def test_person_page(client) -> None:
    person = client.get("/api/persons?limit=1").json()["data"][0]
    text = page(client, "/persons/" + person["key"])
    assert html.escape(person["name"]) in text and "/documents/" in text


def test_article_strings_are_escaped_everywhere(client) -> None:
    for url in (f"/documents/{XSS_ID}", "/documents", "/documents?q=السفير", f"/events?doc_id={XSS_ID}", "/"):
        text = page(client, url)
        assert "<script>window" not in text and "<img src=x" not in text and "<b onmouseover" not in text, url
    text = page(client, f"/documents/{XSS_ID}")
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in text
    assert 'href="javascript:' not in text and "javascript:window.__xss = 6" in text  # shown as text, never a link
    # the annotations blob is JSON inside a non-executed script element with < escaped
    blob = text.split('<script type="application/json" id="annotations">', 1)[1].split("</script>", 1)[0]
    assert "<" not in blob


def test_the_access_token(web_db) -> None:
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    with TestClient(create_app(web_db, token="s3cret", catch_up=False)) as c:
        assert c.get("/api/overview").status_code == 401
        assert c.get("/api/overview").json()["error"]["code"] == "unauthorized"
        assert c.get("/api/overview", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/overview", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        r = c.get("/?token=s3cret")
        assert r.status_code == 200 and "marsad_token" in r.headers.get("set-cookie", "")
        assert c.get("/network").status_code == 200  # the cookie carries it


def test_a_statement_over_the_time_limit_is_stopped(web_db) -> None:
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    with TestClient(create_app(web_db, catch_up=False, query_seconds=0)) as c:
        r = c.get("/api/overview")
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "query_too_costly"
    with TestClient(create_app(web_db, catch_up=False)) as c:
        assert c.get("/api/overview").status_code == 200


def test_the_server_never_writes(client) -> None:
    import sqlalchemy as sa

    app = client.app
    if True:
        for stmt in ("CREATE TABLE intruder (a INTEGER)", "DELETE FROM rejections", "UPDATE documents SET title = 'x'"):
            with app.state.store.engine.connect() as conn:
                with pytest.raises((sa.exc.OperationalError, sa.exc.InternalError), match="readonly|read-only|attempt to write"):
                    conn.execute(sa.text(stmt))
