"""The HTTP face of the service (FastAPI on uvicorn, psycopg 3 with a connection pool).

    GET  /health              is the service up, and can it reach PostgreSQL?
    GET  /v1/device           this device's id, team, push mark, held mark and push size
    POST /v1/push             {"after": N, "changes": [...], "more": false}
                              -> stored, skipped, refused (or, with "more", held)
    GET  /v1/pull?after=C     the team's changes after cursor C, a page at a time

A device proves itself with ``Authorization: Bearer <token>``; a revoked or unknown
token is answered 401 without saying which. Every answer is JSON.

A laptop transaction longer than a push (a caseload import, say) is sent in
parts with ``"more": true``; the service holds them and files the whole
transaction, checked as one, when the part without ``more`` arrives.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from psycopg_pool import ConnectionPool

from recorder.server import changes as store
from recorder.server.checks import DEFAULT_CHECKS, Check
from recorder.server.devices import Device, device_for_token
from recorder.server.logs import event
from recorder.server.schema import migrate, start_new_cursor_epoch
from recorder.sync.protocol import MAX_PUSH_ROWS, PULL_PAGE_ROWS, Change, ChangeError

# Rows of one transaction held as parts at most (a caseload import is tens of thousands).
MAX_HELD_ROWS = 1_000_000
PUSH_ROWS_SETTING = "RECORDER_SYNC_MAX_PUSH_ROWS"  # environment: a smaller push, for tests


class Refused(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def create_app(
    database: str,
    *,
    checks: Iterable[Check] = DEFAULT_CHECKS,
    max_push_rows: int | None = None,
) -> FastAPI:
    """The service over the PostgreSQL at ``database``; migrates it on start.

    :param checks: the row checks (team scope, approval); a role and lifecycle check
        joins them here once the service knows users.
    :param max_push_rows: rows one push may carry (default ``MAX_PUSH_ROWS``, or the
        environment's ``RECORDER_SYNC_MAX_PUSH_ROWS``); laptops are told it and send
        longer transactions in parts
    """
    checks = tuple(checks)
    if max_push_rows is None:
        max_push_rows = int(os.environ.get(PUSH_ROWS_SETTING) or MAX_PUSH_ROWS)
    pool = ConnectionPool(database, min_size=1, max_size=8, open=False, kwargs={"autocommit": True})

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        with psycopg.connect(database, autocommit=True) as conn:
            applied = migrate(conn)
            start_new_cursor_epoch(conn)
        event("started", rows=len(applied))
        pool.open(wait=True, timeout=30)
        yield
        pool.close()

    app = FastAPI(title="Case Recorder sync service", lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url=None)  # fmt: skip

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> JSONResponse:
        event("refused", path=request.url.path, status=exc.status)
        return JSONResponse({"error": exc.message, **exc.extra}, status_code=exc.status)

    @app.exception_handler(psycopg.OperationalError)
    async def database_down(request: Request, exc: psycopg.OperationalError) -> JSONResponse:
        event("database_unreachable", path=request.url.path, status=503)
        return JSONResponse({"error": "The database cannot be reached."}, status_code=503)

    def device_of(request: Request, conn: psycopg.Connection) -> Device:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        device = device_for_token(conn, token.strip()) if scheme.lower() == "bearer" else None
        if device is None:
            raise Refused(401, "This device is not enrolled, or its enrolment was revoked.")
        return device

    @app.get("/health")
    def health() -> JSONResponse:
        try:
            with pool.connection(timeout=5) as conn:
                conn.execute("SELECT 1")
        except Exception:  # the answer says so; the service stays up
            return JSONResponse({"service": "up", "database": "unreachable"}, status_code=503)
        return JSONResponse({"service": "up", "database": "reachable"})

    @app.get("/v1/device")
    def whoami(request: Request) -> dict:
        with pool.connection() as conn:
            device = device_of(request, conn)
            mark = store.last_seq(conn, device)
            return {"device_id": device.id, "team": device.team_id, "last_seq": mark,
                    "held_seq": store.held_seq(conn, device, mark),
                    "max_push_rows": max_push_rows}  # fmt: skip

    @app.post("/v1/push")
    async def push(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            raise Refused(400, "A push must be a JSON object.") from None
        # The database work runs on a worker thread: the event loop stays free.
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_push, request, body)

    def _push(request: Request, body: Any) -> JSONResponse:
        started = time.perf_counter()
        if not isinstance(body, dict) or not isinstance(body.get("changes"), list):
            raise Refused(400, "A push must be a JSON object with a list of changes.")
        after = body.get("after", 0)
        if not isinstance(after, int) or after < 0:
            raise Refused(400, "A push's 'after' must be a whole number from 0.")
        more = body.get("more", False)
        if not isinstance(more, bool):
            raise Refused(400, "A push's 'more' must be true or false.")
        if len(body["changes"]) > max_push_rows:
            raise Refused(413, f"A push holds at most {max_push_rows} changes.",
                          max_push_rows=max_push_rows)  # fmt: skip
        with pool.connection() as conn:
            device = device_of(request, conn)
            try:
                rows = [
                    Change.from_wire({**c, "device_id": device.id} if isinstance(c, dict) else c)
                    for c in body["changes"]
                ]
            except ChangeError as e:
                raise Refused(400, str(e)) from None
            seqs = [c.device_seq for c in rows]
            if seqs != sorted(set(seqs)):
                raise Refused(400, "A push's changes must be in device order, each once.")
            try:
                result = store.push(conn, device, after=after, changes=rows, checks=checks,
                                    more=more, max_held_rows=MAX_HELD_ROWS)  # fmt: skip
            except store.TooMuchHeld as e:
                raise Refused(413, str(e)) from None
        ms = round((time.perf_counter() - started) * 1000, 1)
        if isinstance(result, store.Held):
            event("push_part", device=device.id, team=device.team_id, status=202,
                  held=result.held, skipped=result.skipped, ms=ms)  # fmt: skip
            return JSONResponse(
                {"held": result.held, "skipped": result.skipped, "last_seq": result.last_seq,
                 "held_seq": result.held_seq},
                status_code=202,
            )  # fmt: skip
        if isinstance(result, store.Gap):
            event("push_gap", device=device.id, team=device.team_id, status=409,
                  resume_after=result.last_seq, ms=ms)  # fmt: skip
            return JSONResponse(
                {"error": "Changes before these have not reached the service.",
                 "resume_after": result.last_seq},
                status_code=409,
            )  # fmt: skip
        event("push", device=device.id, team=device.team_id, status=200, stored=result.stored,
              skipped=result.skipped, refused=len(result.refused), ms=ms)  # fmt: skip
        return JSONResponse(
            {"stored": result.stored, "skipped": result.skipped, "last_seq": result.last_seq,
             "refused": result.refused}
        )  # fmt: skip

    @app.get("/v1/pull")
    def pull(request: Request, after: int = 0, limit: int = PULL_PAGE_ROWS) -> JSONResponse:
        started = time.perf_counter()
        if after < 0 or not 1 <= limit <= 10 * PULL_PAGE_ROWS:
            raise Refused(400, "A pull's 'after' must be 0 or more and its 'limit' 1 to 10000.")
        with pool.connection() as conn:
            device = device_of(request, conn)
            page = store.pull(conn, device, after=after, limit=limit)
        event("pull", device=device.id, team=device.team_id, status=200,
              rows=len(page.changes), cursor=page.cursor,
              ms=round((time.perf_counter() - started) * 1000, 1))  # fmt: skip
        return JSONResponse(
            {"changes": [c.to_wire() for c in page.changes], "cursor": page.cursor,
             "more": page.more}
        )  # fmt: skip

    return app
