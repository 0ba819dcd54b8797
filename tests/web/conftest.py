"""A small observatory database for the web tests: the bundled samples plus documents we
wrote for these tests (a story told by two outlets, an article full of script/HTML payloads,
spelling variants for search)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.pipeline import ingest
from marsad.settings import Settings
from marsad.store.db import Store

from ..conftest import PG_URL, SAMPLES

XSS_TITLE = '<script>window.__xss = 1</script>"><img src=x onerror="window.__xss = 2">'
XSS_ID = "xss-test"

STORY = (
    "استقبل وزير الخارجية المصري في القاهرة يوم الثلاثاء نظيره الأردني، وبحث الجانبان سبل تعزيز التعاون "
    "الثنائي في مجالات الأمن والطاقة والنقل، إضافة إلى تطورات الأوضاع في المنطقة.\n"
    "وقال المتحدث باسم الخارجية المصرية إن اللقاء تناول ترتيبات اجتماع اللجنة المشتركة المقبل في عمّان، "
    "وإن الوزيرين اتفقا على تكثيف التشاور السياسي وتبادل الزيارات على مستوى الخبراء خلال الأشهر المقبلة.\n"
    "وأكد الوزير الأردني أن بلاده تثمن الدور الذي تقوم به مصر في دعم الاستقرار، معرباً عن أمله في أن تسفر "
    "المباحثات عن خطوات عملية لرفع قيمة التجارة بين البلدين في العام الجاري.\n"
    "وتطرق الجانبان كذلك إلى مشروع الربط الكهربائي بين البلدين، واتفقا على أن تعقد الفرق الفنية اجتماعاً "
    "في الأسبوع المقبل لمراجعة الجدول الزمني للمشروع وتحديد الخطوات التالية."
)


ARMED_ID = "armed-men"
ARMED = (
    "هاجم مسلحون مجهولون فجر الأحد دورية تابعة للجيش النيجيري قرب مدينة مايدوغوري، وأسفر الهجوم عن مقتل "
    "ثلاثة جنود وإصابة آخرين.\n"
    "وقال متحدث عسكري إن القوات تلاحق المهاجمين في المناطق المحيطة بالمدينة."
)


def extra_records() -> list[dict]:
    """Documents written for these tests (not from any outlet)."""
    story_b = STORY.replace("يوم الثلاثاء", "الثلاثاء").replace("وأكد الوزير الأردني", "من جهته أكد الوزير الأردني")
    xss_body = (
        'أعلنت وزارة الخارجية التونسية أن الوزير استقبل في تونس أمس السفير الإيطالي <script>window.__xss = 3</script> '
        'وبحث معه التعاون في مكافحة الهجرة غير النظامية.\n'
        'وقالت الوزارة في بيان إن اللقاء تناول "><img src=x onerror="window.__xss = 4"> ترتيبات زيارة مرتقبة '
        'لوزير الداخلية الإيطالي إلى تونس الشهر المقبل.'
    )
    return [
        {"id": "story-a", "title": "مصر والأردن تبحثان تعزيز التعاون الثنائي", "text": STORY, "published": "2024-10-01",
         "outlet": "صحيفة الاختبار الأولى", "url": "https://one.example/a"},
        {"id": "story-b", "title": "القاهرة وعمّان تبحثان التعاون", "text": story_b, "published": "2024-10-02",
         "outlet": "صحيفة الاختبار الثانية", "url": "https://two.example/b"},
        # a party of no known state: armed men (an actor type, UAF/INS) against a state's army
        {"id": ARMED_ID, "title": "هجوم على دورية عسكرية", "text": ARMED, "published": "2024-10-06",
         "outlet": "صحيفة الاختبار الثالثة", "url": "https://three.example/c"},
        {"id": XSS_ID, "title": XSS_TITLE, "text": xss_body, "published": "2024-10-03",
         "outlet": '<b onmouseover="window.__xss = 5">منفذ</b>', "url": "javascript:window.__xss = 6"},
    ]


def build(db: str, tmp: Path) -> str:
    extra = tmp / "extra.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extra_records()), encoding="utf-8")
    settings = Settings(db=db)
    with Store.open(db) as store:
        ingest([str(SAMPLES), str(extra)], store, settings)
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("web")
    return build(str(tmp / "web.db"), tmp)


@pytest.fixture(scope="session")
def web_pg_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    sa = pytest.importorskip("sqlalchemy")
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"marsad_w_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        msg = f"no PostgreSQL server at {PG_URL} ({str(exc.orig).strip().splitlines()[0]})"
        if os.environ.get("MARSAD_REQUIRE_PG") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield build(url, tmp_path_factory.mktemp("webpg"))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request: pytest.FixtureRequest):
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    db = request.getfixturevalue("web_db" if request.param == "sqlite" else "web_pg_db")
    with TestClient(create_app(db)) as c:
        c.backend = request.param  # type: ignore[attr-defined]
        yield c
