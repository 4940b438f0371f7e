"""``python -m recorder enrol|revoke|serve`` say what is wrong in a sentence, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from tests.sync.running_service import ROOT

UNREACHABLE = "postgresql://postgres@127.0.0.1:9/nothing"


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "recorder", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_enrolling_against_a_database_that_cannot_be_reached_says_so():
    done = run("enrol", "--database", UNREACHABLE, "--team", "north", "--name", "LAPTOP-A")
    assert done.returncode == 2
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr


def test_serving_a_database_that_cannot_be_reached_says_so():
    done = run("serve", "--database", UNREACHABLE, "--port", "9")
    assert done.returncode == 2 and "cannot be reached" in done.stderr


def test_enrolment_needs_a_team_and_a_name(database_url):
    done = run("enrol", "--database", database_url, "--team", " ", "--name", "LAPTOP-A")
    assert (
        done.returncode == 2 and done.stderr.strip() == "Give the team and a name for the laptop."
    )


def test_enrolment_prints_the_token_once_and_says_it_is_not_shown_again(database_url):
    done = run("enrol", "--database", database_url, "--team", "north", "--name", "LAPTOP-A")
    assert done.returncode == 0
    assert done.stdout.count("token: ") == 1 and "not shown again" in done.stderr


def test_a_token_never_looks_like_an_option(database_url):
    """Regression: a URL-safe token began with "-" one time in 64, and "sync --token
    -Xq…" on the laptop was refused ("argument --token: expected one argument")."""
    import re

    from tests.sync.running_service import enrol

    for n in range(20):
        _device, token = enrol(database_url, team="north", name=f"LAPTOP-{n}")
        assert re.fullmatch(r"[0-9a-f]{64}", token), token


def test_revoking_an_unknown_laptop_says_so(database_url):
    done = run("revoke", "--database", database_url, "no-such-device")
    assert done.returncode == 2
    assert done.stderr.strip() == "There is no enrolled device no-such-device."
