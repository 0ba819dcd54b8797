"""One writer at a time: the lock every write to a marsad store takes.

Several ``marsad ingest`` (or ``process``) processes may write one database at once. Their
write steps — storing a batch, assigning stories, merging events, migrating the schema —
read what is stored and write what follows from it, so two of them interleaved could
insert the same fingerprint twice or merge events against a state that is changing. Each
step therefore runs under this lock; the CPU-heavy work (cleaning, extraction) stays
parallel. A batch's store, story and merge steps run under one hold, so no other writer
sees a document stored but not yet given its story.

* PostgreSQL: a session advisory lock on a dedicated connection (released by the server
  when the process dies, even by ``kill -9``).
* SQLite: ``flock`` on ``<database>.lock`` beside the file (released by the kernel when the
  process dies).

The lock is re-entrant within a process, so a method that takes it can call another.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import sqlalchemy as sa

# pg_advisory_lock key: the bytes of "marsad" as a number (any constant other programs are
# unlikely to use)
PG_KEY = int.from_bytes(b"marsad", "big")


class WriteLock:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._thread = threading.RLock()
        self._depth = 0
        self._conn: Any = None
        self._fd: int | None = None

    def _path(self) -> str | None:
        db = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
            return None
        return db + ".lock"

    def _acquire(self) -> None:
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": PG_KEY})
            except BaseException:
                conn.close()
                raise
            self._conn = conn
            return
        path = self._path()
        if path is None:
            return
        import fcntl

        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _release(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": PG_KEY})
            finally:
                conn.close()
        if self._fd is not None:
            import fcntl

            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def __enter__(self) -> "WriteLock":
        self._thread.acquire()
        try:
            if self._depth == 0:
                self._acquire()
        except BaseException:
            self._thread.release()
            raise
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        try:
            if self._depth == 0:
                self._release()
        finally:
            self._thread.release()
