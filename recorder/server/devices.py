"""Enrolling and revoking laptops. Each gets an id and a random 256-bit token, shown once;
the service keeps only the token's SHA-256 (a random 256-bit secret needs no slow hash)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass

import psycopg


class DeviceError(ValueError):
    """An enrolment or revocation that cannot be done, said in a sentence."""


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    token: str
    team_id: str
    name: str


@dataclass(frozen=True)
class Device:
    id: str
    team_id: str
    name: str


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def enrol(conn: psycopg.Connection, *, team_id: str, name: str) -> Enrolment:
    """A new device of ``team_id`` (the team is made if new)."""
    team_id, name = team_id.strip(), name.strip()
    if not team_id or not name:
        raise DeviceError("Give the team and a name for the laptop.")
    # 256 bits in hexadecimal: a URL-safe token began with "-" one time in 64, and the
    # laptop's "sync --token TOKEN" then took it for an option and refused it.
    token = secrets.token_hex(32)
    device_id = str(uuid.uuid4())
    with conn.transaction():
        conn.execute("INSERT INTO teams (id) VALUES (%s) ON CONFLICT DO NOTHING", (team_id,))
        conn.execute(
            "INSERT INTO devices (id, team_id, name, token_sha256) VALUES (%s, %s, %s, %s)",
            (device_id, team_id, name, token_digest(token)),
        )
    return Enrolment(device_id=device_id, token=token, team_id=team_id, name=name)


def revoke(conn: psycopg.Connection, device_id: str) -> None:
    """The device's token stops working at once; what it pushed stays."""
    with conn.transaction():
        row = conn.execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = %s "
            "RETURNING id",
            (device_id,),
        ).fetchone()
    if row is None:
        raise DeviceError(f"There is no enrolled device {device_id}.")


def device_for_token(conn: psycopg.Connection, token: str) -> Device | None:
    """The enrolled, unrevoked device holding ``token``, or None."""
    row = conn.execute(
        "SELECT id, team_id, name FROM devices WHERE token_sha256 = %s AND revoked_at IS NULL",
        (token_digest(token),),
    ).fetchone()
    return Device(*row) if row else None
