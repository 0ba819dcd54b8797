"""Write samples/warc/pages.warc.gz from fixed, fictional content.

The output is deterministic: every WARC-Date and WARC-Record-ID is fixed here,
and the gzip members written by warcio carry no timestamp, so running this
script again gives the same bytes.

Records, in order:
  0. warcinfo
  1. response  text/html   https://atlas-press.example/...  (the page in samples/html/)
  2. response  text/html   https://rimal-alkhaleej.example/... (page defined below)
  3. response  text/plain  https://atlas-press.example/robots.txt

Usage:  python samples/make_warc.py   (needs warcio)
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
OUT = HERE / "warc" / "pages.warc.gz"

NS = uuid.UUID("6d61727361642d73616d706c65730000")  # fixed namespace for record ids


def record_id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NS, name)}>"


PAGE_1_URL = "https://atlas-press.example/ar/national/2024/12/03/morocco-senegal-police-mou"
PAGE_1 = (HERE / "html" / "atlas_morocco_senegal_mou.html").read_bytes()

PAGE_2_URL = "https://rimal-alkhaleej.example/local/2025/02/18/saudi-italy-crowd-security"
PAGE_2 = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>الداخلية تبحث مع وفد إيطالي التعاون في أمن الحشود - صحيفة رمال الخليج</title>
<meta property="og:site_name" content="صحيفة رمال الخليج">
<meta property="article:published_time" content="2025-02-18T08:45:00+03:00">
</head>
<body>
<div id="top-bar">الثلاثاء 19 شعبان 1446 هـ الموافق 18 فبراير 2025</div>
<ul class="menu"><li><a href="/">الرئيسية</a></li><li><a href="/local/">محليات</a></li><li><a href="/world/">العالم</a></li></ul>
<article>
<h1>الداخلية تبحث مع وفد إيطالي التعاون في أمن الحشود</h1>
<p>استقبل مساعد وزير الداخلية لشؤون العمليات اللواء فيصل بن ناصر العتيبي في مكتبه بالرياض أمس، وفداً من وزارة الداخلية الإيطالية برئاسة المحافظ جوليو مارتيلّي، الذي يزور المملكة حالياً في إطار التحضير للجنة الأمنية المشتركة بين البلدين.</p>
<p>وبحث الجانبان التعاون في مجال إدارة الحشود خلال الفعاليات الكبرى، وتبادل الخبرات في تشغيل مراكز القيادة والسيطرة، إلى جانب التنسيق في ملاحقة شبكات تهريب الآثار والقطع الفنية.</p>
<p>وأشاد المسؤول الإيطالي بالخبرة التي راكمتها المملكة في تنظيم مواسم الحج والعمرة، مؤكداً تطلع بلاده إلى تنظيم برنامج تدريبي مشترك لضباط البلدين قبل نهاية العام الجاري.</p>
<p>ومن المقرر أن يتوجه الوفد الإيطالي يوم الخميس المقبل إلى جدة للاطلاع على غرفة العمليات المركزية، بعد أن كان قد ألغى زيارة مماثلة إلى المدينة المنورة بسبب تعارض المواعيد.</p>
</article>
<aside><h3>أخبار ذات صلة</h3><ul><li><a href="/local/2025/02/16/traffic">حملة مرورية في العاصمة</a></li></ul></aside>
<footer>© 2025 صحيفة رمال الخليج. جميع الحقوق محفوظة.</footer>
</body>
</html>
""".encode("utf-8")

ROBOTS_URL = "https://atlas-press.example/robots.txt"
ROBOTS = b"User-agent: *\nDisallow: /admin/\nDisallow: /search\nSitemap: https://atlas-press.example/sitemap.xml\n"


def http_headers(content_type: str, body: bytes, date: str) -> StatusAndHeaders:
    return StatusAndHeaders(
        "200 OK",
        [
            ("Date", date),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
        ],
        protocol="HTTP/1.1",
    )


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        info = (
            "software: marsad samples/make_warc.py\r\n"
            "format: WARC File Format 1.1\r\n"
            "description: fictional sample pages written by the marsad team\r\n"
        ).encode("utf-8")
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(info),
                length=len(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": record_id("warcinfo"),
                    "WARC-Date": "2025-03-01T09:00:00Z",
                    "WARC-Filename": "pages.warc.gz",
                },
            )
        )

        responses = [
            (PAGE_1_URL, "text/html; charset=utf-8", PAGE_1,
             "2025-03-01T09:00:05Z", "Sat, 01 Mar 2025 09:00:05 GMT"),
            (PAGE_2_URL, "text/html; charset=UTF-8", PAGE_2,
             "2025-03-01T09:00:10Z", "Sat, 01 Mar 2025 09:00:10 GMT"),
            (ROBOTS_URL, "text/plain", ROBOTS,
             "2025-03-01T09:00:15Z", "Sat, 01 Mar 2025 09:00:15 GMT"),
        ]
        for url, ctype, body, warc_date, http_date in responses:
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(body),
                    length=len(body),
                    http_headers=http_headers(ctype, body, http_date),
                    warc_headers_dict={
                        "WARC-Record-ID": record_id(url),
                        "WARC-Date": warc_date,
                    },
                )
            )


if __name__ == "__main__":
    main()
