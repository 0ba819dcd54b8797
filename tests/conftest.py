"""Shared fixtures: where ../shared is, a SQLite path, and a fresh PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
SAMPLES = ROOT / "samples"
PG_URL = os.environ.get("MARSAD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (seeds and corpora); tests that need it skip where it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared not found at {SHARED} (set MARSAD_SHARED to its path)")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> dict[str, Path]:
    return {p.name[:3]: p for p in sorted((shared / "seeds").glob("*.txt"))}


@pytest.fixture()
def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "marsad.db")


@pytest.fixture()
def pg_db():
    """A new, empty PostgreSQL database for one test, dropped afterwards.

    Skips with a clear message when no server answers, unless MARSAD_REQUIRE_PG=1 (CI),
    where a missing server is a failure."""
    sa = pytest.importorskip("sqlalchemy")
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            name = f"marsad_t_{uuid.uuid4().hex[:12]}"
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        msg = f"no PostgreSQL server at {PG_URL} ({str(exc.orig).strip().splitlines()[0]}); set MARSAD_TEST_PG_URL"
        if os.environ.get("MARSAD_REQUIRE_PG") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on SQLite and on a real PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "marsad.db")
    return request.getfixturevalue("pg_db")
