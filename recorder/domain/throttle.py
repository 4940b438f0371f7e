"""Slowing down guessed passwords: after five wrong tries, each further try waits longer."""

from __future__ import annotations

from dataclasses import dataclass

FREE_TRIES = 5
LONGEST_WAIT = 300


@dataclass
class Throttle:
    """Counts wrong tries on this screen; :meth:`wait_after` says how long the next must wait."""

    wrong: int = 0

    def failed(self) -> int:
        """Record a wrong try; the seconds the next try must wait (0 for the first five)."""
        self.wrong += 1
        return self.wait()

    def succeeded(self) -> None:
        self.wrong = 0

    def wait(self) -> int:
        if self.wrong < FREE_TRIES:
            return 0
        return min(LONGEST_WAIT, 2 ** (self.wrong - FREE_TRIES + 1) * 5 // 2)

    def message(self) -> str:
        """What the screen says after a wrong try, in plain words."""
        seconds = self.wait()
        if not seconds:
            left = FREE_TRIES - self.wrong
            return (
                "That name and password do not match. "
                + (
                    f"{left} more {'try' if left == 1 else 'tries'} before tries are slowed down."
                    if left <= 2
                    else ""
                )
            ).strip()
        return (
            f"That name and password do not match, {self.wrong} times now. To slow down "
            f"guessing, you can try again in {seconds} seconds."
        )
