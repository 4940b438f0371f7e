"""``recorder_actions``: who agreed to do what, by when, and nothing that was not agreed."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.dictation.draft import Action

FRIDAY = date(2026, 11, 20)
"""The Friday after the family's day of recording, Wednesday 18 November 2026."""


def test_the_worker_says_what_they_will_do_and_when(draft):
    result = draft("I will ring the school tomorrow full stop")

    assert result.values("actions") == [
        Action(owner="worker", due=date(2026, 11, 19), text="Ring the school tomorrow")
    ]
    assert [e.words for e in result.of("actions")[0].evidence] == [
        "I will ring the school tomorrow"
    ]


def test_what_mum_agreed_is_hers_and_me_becomes_the_social_worker(draft):
    result = draft("Mum agreed to ring me before يوسف comes round.")

    assert result.values("actions") == [
        Action(owner="a1", due=None, text="Ring the social worker before يوسف comes round")
    ]


def test_nan_and_the_school_nurse_own_what_they_will_do(draft):
    result = draft(
        "Nan will collect Işık from school on Fridays. The school nurse will see Paweł on Friday."
    )

    assert [(a.owner, a.due) for a in result.values("actions")] == [
        ("a3", None),
        ("x3", FRIDAY),
    ]


def test_mum_and_stepdad_together_are_the_family(draft):
    result = draft("Mum and يوسف will attend the parenting course.")

    assert [(a.owner, a.text) for a in result.values("actions")] == [
        ("family", "Attend the parenting course")
    ]


def test_what_someone_asked_the_worker_to_do_is_the_workers(draft):
    result = draft("Mum asked me to write to the housing office.")

    assert [(a.owner, a.text) for a in result.values("actions")] == [
        ("worker", "Write to the housing office")
    ]


def test_a_professional_seeing_the_child_on_a_day_is_an_action_without_a_day_it_is_not(draft):
    result = draft("The HV is seeing Işık. The HV is seeing Işık on Friday.")

    assert [(a.owner, a.due) for a in result.values("actions")] == [("x1", FRIDAY)]


def test_a_list_of_actions_names_owners_without_will(draft):
    result = draft("Actions, Ms Llywelyn to weigh Isik on Friday, mum to book the dentist.")

    assert [(a.owner, a.due, a.text) for a in result.values("actions")] == [
        ("x1", FRIDAY, "Weigh Isik on Friday"),
        ("a1", None, "Book the dentist"),
    ]


@pytest.mark.parametrize(
    "said",
    [
        "Mum will not let him in.",
        "يوسف won't attend the meeting.",
        "I won't be able to visit next week.",
        "Mum will never agree to that.",
    ],
)
def test_will_not_is_not_an_action(draft, said):
    assert draft(said).values("actions") == []


def test_what_hangs_on_an_if_is_listed_as_conditional_not_drafted(draft):
    """Issue 16: a step that only happens if something else does was never agreed."""
    result = draft("If mum will not engage, I will escalate to my manager.")

    assert result.values("actions") == []
    [listed] = [i for i in result.set_aside if i.field == "actions"]
    assert (listed.status, listed.value.owner, listed.value.text) == (
        "conditional", "worker", "Escalate to the social worker's manager"
    )


def test_what_a_child_says_they_will_do_in_a_quote_is_not_an_action(draft):
    assert draft('Pawel said "I will run away".').values("actions") == []


def test_agreeing_to_be_seen_alone_is_not_an_action(draft):
    assert draft("Pawel agreed to talk to me on his own.").values("actions") == []


def test_we_will_is_the_workers_action(draft):
    result = draft("We will hold a core group meeting on 2 December.")

    assert [(a.owner, a.due) for a in result.values("actions")] == [
        ("worker", date(2026, 12, 2))
    ]


def test_sw_to_in_a_list_of_actions_is_the_workers_action(draft):
    result = draft("Agreed actions: SW to refer Pawel to the young carers service by Friday.")

    assert [(a.owner, a.due) for a in result.values("actions")] == [("worker", FRIDAY)]
