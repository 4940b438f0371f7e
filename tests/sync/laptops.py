"""Laptops for the sync tests: each its own real encrypted store, enrolled with the real
service (``laptops`` below is the team of three used by most tests)."""

from __future__ import annotations

from recorder.store.chain import load_or_create_key
from recorder.store.signing_in import create_database
from recorder.store.verify import verify_file
from recorder.sync.client import Service, sync
from tests.sync.running_service import enrol_here

PASSWORD = "a-long-enough-password"


class Laptop:
    """One laptop: its own encrypted database, its manager, enrolled with the service."""

    def __init__(self, tmp_path, name: str, manager: str, service, database_url) -> None:
        self.path = tmp_path / f"{name}.db"
        self.store = create_database(self.path, manager, PASSWORD)
        self.manager_id = self.store.user_id
        self.url = service.url
        device, self.token = enrol_here(database_url, team="north", name=f"LAPTOP-{name}")
        self.store.sync.enrol(service.url, self.token, device)

    def sync(self):
        result = sync(Service(self.url, self.token), self.store.sync)
        self.store.sync.mark_synced()
        return result

    def as_user(self, user_id: str):
        self.store.sign_in(user_id)
        return self.store

    def verifies(self) -> bool:
        findings = verify_file(self.path, load_or_create_key(), database_key=self.store.db_key)
        assert not findings.problems, findings.problems
        return True


def team_of_three(tmp_path, service, database_url):
    made = {
        "a": Laptop(tmp_path, "a", "Ffion Test-Manager", service, database_url),
        "b": Laptop(tmp_path, "b", "Osian Test-Manager", service, database_url),
        "c": Laptop(tmp_path, "c", "Gethin Test-Manager", service, database_url),
    }
    yield made
    for laptop in made.values():
        laptop.store.close()


def everyone_synced(*laptops) -> None:
    """Each laptop syncs twice round, so every change has reached every laptop."""
    for laptop in (*laptops, *laptops):
        laptop.sync()
