"""Plain data classes for the things a case record is about.

Nothing here imports Qt, SQL or any other part of the project: the domain is
what every other layer agrees on, so it must stay free of their concerns.
"""

from recorder.domain.cases import Case, CaseType
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.domain.professionals import Involvement, Professional
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import Role, User

__all__ = [
    "Case",
    "CaseType",
    "Household",
    "HouseholdMember",
    "Involvement",
    "Person",
    "Professional",
    "Record",
    "RecordStatus",
    "Relationship",
    "Role",
    "User",
]
