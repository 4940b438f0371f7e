"""Fixtures: a fresh store on a real SQLite file, a hand-built family, the demo caseload."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Cheap Argon2id for the suite's many new databases; the app's defaults stay strong.
os.environ["CASE_RECORDER_FAST_KDF"] = "1"
# The key that seals change logs lives outside the database; tests keep theirs apart.
os.environ.setdefault(
    "CASE_RECORDER_CHAIN_KEY", str(Path(tempfile.mkdtemp(prefix="chain-key-")) / "change-log.key")
)

from recorder.domain import (  # noqa: E402
    Case,
    CaseType,
    Household,
    Person,
    Relationship,
    Role,
    User,
)
from recorder.domain.professionals import Involvement, Professional  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.store import Store  # noqa: E402

# The demo files are written as of this Friday; using it as "today" keeps the
# demo's dates exactly as written.
DEMO_DAY = date(2026, 11, 20)


@pytest.fixture(scope="session")
def reference():
    return load_reference_data()


@pytest.fixture(scope="session")
def forms():
    from recorder.forms.definitions import load_forms

    return load_forms()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "case.db"


MANAGER = "Morwenna Test-Manager"
MANAGER_PASSWORD = "manager-password"


def new_store(path: Path) -> Store:
    """A new encrypted database with its team manager signed in (as the app makes one)."""
    from recorder.store.signing_in import create_database

    return create_database(path, MANAGER, MANAGER_PASSWORD)


def reopen(path: Path, name: str = MANAGER, password: str = MANAGER_PASSWORD) -> Store:
    """The database at ``path`` opened again, signed in as ``name``."""
    from recorder.store.signing_in import open_signed_in

    return open_signed_in(path, name, password)


def plain_copy_bytes(store: Store) -> bytes:
    """The bytes of a plain (unencrypted) copy of ``store``'s database, as an older
    version of the app left its files."""
    from recorder.store.engine import decrypt_copy

    assert store.path is not None and store.db_key is not None
    plain = store.path.with_name(store.path.name + ".plain")
    plain.unlink(missing_ok=True)
    decrypt_copy(store.path, store.db_key, plain)
    data = plain.read_bytes()
    plain.unlink()
    return data


def as_manager(store: Store) -> Store:
    """``store`` with its team manager signed in (a test forging a record's state)."""
    manager = next(u for u in store.users.all() if u.role is Role.TEAM_MANAGER)
    store.sign_in(manager.id)
    return store


def add_user(store: Store, user: User) -> None:
    """Add a user as the database's team manager would, then sign back in as before."""
    before = store.user_id
    manager = next(u for u in store.users.all() if u.role is Role.TEAM_MANAGER)
    store.sign_in(manager.id)
    try:
        store.users.add(user)
    finally:
        store.sign_in(before)


@pytest.fixture
def fresh_store(db_path: Path):
    """A new encrypted database, its first team manager signed in."""
    store = new_store(db_path)
    yield store
    store.close()


class Family:
    """A small family built by hand: a worker, a mother, two children, a stepfather."""

    def __init__(self, store: Store) -> None:
        self.worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
        self.store = store
        self.store_key = store.db_key
        store.users.add(self.worker)
        store.sign_in(self.worker.id)
        self.mother = Person(
            "Zofía",
            "Wójcik-Hale",
            gender="Female",
            first_language="Polish",
            interpreter_needed=True,
            date_of_birth=date(1990, 5, 17),
        )
        self.child = Person(
            "Eliška",
            "Wójcik-Hale",
            known_as="Eli",
            gender="Female",
            date_of_birth=date(2016, 2, 29),
            nhs_number="9990000018",
        )
        self.brother = Person("Tomasz", "Hale", gender="Male", date_of_birth=date(2021, 7, 1))
        self.stepfather = Person("Darragh", "O'Sullivan", gender="Male")
        for p in (self.mother, self.child, self.brother, self.stepfather):
            store.people.add(p)
        self.home = Household(
            "Wójcik-Hale household",
            address_line1="3 Quarry Lane",
            town="Northbridge",
            postcode="NB2 4LT",
        )
        store.households.add(self.home)
        for p in (self.mother, self.child, self.brother, self.stepfather):
            store.households.add_member(self.home.id, p.id)
        store.relationships.add(Relationship(self.mother.id, "mother", self.child.id))
        store.relationships.add(Relationship(self.mother.id, "mother", self.brother.id))
        store.relationships.add(Relationship(self.child.id, "half_sibling", self.brother.id))
        store.relationships.add(Relationship(self.stepfather.id, "stepfather", self.child.id))
        self.school = Professional(
            "Imogen Tarrant", "Designated Safeguarding Lead", agency="Hillcrest Primary School"
        )
        store.professionals.add(self.school)
        store.involvements.add(Involvement(self.school.id, self.child.id, role="DSL"))
        self.case = Case(self.child.id, CaseType.CHILD_IN_NEED, self.worker.id, date(2026, 9, 1))
        store.cases.add(self.case)


@pytest.fixture
def family(fresh_store: Store) -> Family:
    return Family(fresh_store)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A database file holding the demo caseload, closed and ready to open."""
    from recorder.demo import create_demo_database

    path = tmp_path / "demo.db"
    create_demo_database(path, today=DEMO_DAY).close()
    return path


DEMO_MANAGER = "Rhiannon Tull"
DEMO_PASSWORDS = {
    "Rhiannon Tull": "rhiannon-demo",
    "Bethan Lowry": "bethan-demo",
    "Tendai Moyo": "tendai-demo",
    "Denise Harrop": "denise-demo",
}


@pytest.fixture
def demo_store(demo_db: Path):
    """The demo caseload, opened and signed in as its team manager."""
    store = reopen(demo_db, DEMO_MANAGER, DEMO_PASSWORDS[DEMO_MANAGER])
    yield store
    store.close()
