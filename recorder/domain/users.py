"""The people who use the tool, and what their role lets them do."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from recorder.domain.ids import new_id


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    BUSINESS_SUPPORT = "business_support"
    TEAM_MANAGER = "team_manager"

    @property
    def label(self) -> str:
        return {
            Role.SOCIAL_WORKER: "Social worker",
            Role.BUSINESS_SUPPORT: "Business support",
            Role.TEAM_MANAGER: "Team manager",
        }[self]


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    email: str = ""
    id: str = field(default_factory=new_id)
    # A team manager approves records within their own team only.
    team: str = ""
