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


# -- commitment status (issue 16) -----------------------------------------------------------


def listed(result) -> list[tuple[str, str, str]]:
    return [(i.status, i.value.owner, i.value.text) for i in result.set_aside
            if i.field == "actions"]


@pytest.mark.parametrize(
    ("said", "status"),
    [
        ("I offered to refer the family to the food project.", "offered"),
        ("Mum will think about the parenting course.", "considered"),
        ("I will consider whether a core group is needed.", "considered"),
        ("Mum will probably ring the nursery.", "considered"),
        ("If Pawel is late home again mum will ring the police.", "conditional"),
        ("I will ring the school if needed.", "conditional"),
        ("The health visitor will do Işık's check as usual.", "routine"),
        ("Mum will put the referral on hold.", "withdrawn"),
        ("The health visitor will do the review next week as planned.", "routine"),
        ("Mererid will offer Pawel a mentor if the panel agrees.", "offered"),
    ],
)
def test_an_action_not_agreed_is_listed_with_its_status_not_drafted(draft, said, status):
    result = draft(said)

    assert result.values("actions") == []
    assert [s for s, _, _ in listed(result)] == [status]


def test_an_offer_taken_up_becomes_the_action_with_its_own_wording(draft):
    result = draft("I offered to write a letter to the housing team and mum said yes, so I will "
                   "write it by Friday.")

    assert [(a.owner, a.text, a.due.isoformat()) for a in result.values("actions")] == [
        ("worker", "Write a letter to the housing team", "2026-11-20")
    ]
    assert listed(result) == []


def test_an_agreed_safety_step_with_an_if_after_it_is_drafted(draft):
    result = draft("Mum agreed to ring 999 straight away if يوسف comes to the house.")

    assert [a.owner for a in result.values("actions")] == ["a1"]


def test_the_person_after_with_is_not_the_owner(draft):
    result = draft("Family time with Gülşen will move to Saturdays.")

    assert result.values("actions") == []


def test_an_action_said_twice_is_drafted_once_with_the_words_of_both(draft):
    said = "Mum will book the dentist tomorrow. Later on. Mum will book the dentist tomorrow."
    result = draft(said)

    [item] = result.of("actions")
    assert len(item.evidence) == 2


def test_a_list_of_actions_runs_on_past_its_heading(draft):
    result = draft("Actions: SW to send the plan to mum. Mum to ring the GP. Nan to collect "
                   "Işık on Friday.")

    assert [(a.owner, a.text) for a in result.values("actions")] == [
        ("worker", "Send the plan to mum"),
        ("a1", "Ring the GP"),
        ("a3", "Collect Işık on Friday"),
    ]


def test_a_sentence_opening_with_someone_to_do_something_is_an_action_without_a_list(draft):
    """Regression: terse notes whose "Plan:" was lost (or never typed) drafted no
    actions from "HV to do the check." and "SW to ring the GP."."""
    result = draft("Saw Pawel at home. The HV to do Işık's 2 year check. SW to ring the GP "
                   "on Friday. Mum to Leeds on Friday. Mum wants Pawel to go to cubs.")

    assert [(a.owner, a.due, a.text) for a in result.values("actions")] == [
        ("x1", None, "Do Işık's 2 year check"),
        ("worker", FRIDAY, "Ring the GP on Friday"),
    ]


@pytest.mark.parametrize(
    ("said", "due"),
    [
        ("I will visit again a week on Monday.", "2026-11-30"),
        ("I will visit again a fortnight on Friday.", "2026-12-04"),
        ("I will visit again on Friday week.", "2026-11-27"),
        ("I will ring the school tmrw.", "2026-11-19"),
        ("I will ring the school by Thurs.", "2026-11-19"),
        ("Mum will take Pawel to the dentist next Tuesday, the 24th.", "2026-11-24"),
        ("SW to visit again 2/52.", "2026-12-02"),
    ],
)
def test_british_due_dates(draft, said, due):
    [action] = draft(said).values("actions")

    assert action.due.isoformat() == due


@pytest.mark.parametrize(
    "said",
    ["Mum will take Işık to swimming every Tuesday.", "Pawel will go back to Friday club."],
)
def test_a_recurring_weekday_or_an_events_name_is_no_due_date(draft, said):
    [action] = draft(said).values("actions")

    assert action.due is None


def test_a_formal_report_s_agreed_actions_are_drafted(draft):
    """Regression: "It was agreed that the writer would ...", "and that Mrs Demir would ...",
    a meeting "convened by the writer" and "the next statutory visit will take place on ..."
    drafted nothing: the writer was nobody and "would" no commitment."""
    result = draft(
        "It was agreed that the writer would contact the housing officer by Friday. It was "
        "further agreed that Mrs Demir would photograph the phone, and that the writer would "
        "notify the police. A Child in Need meeting will be convened by the writer next "
        "Thursday. The next statutory visit will take place on Friday 27 November."
    )

    assert [(a.owner, a.due and a.due.isoformat(), a.text) for a in result.values("actions")] == [
        ("worker", "2026-11-20", "Contact the housing officer by Friday"),
        ("a3", None, "Photograph the phone"),
        ("worker", None, "Notify the police"),
        ("worker", "2026-11-26", "A Child in Need meeting will be convened by the writer next "
         "Thursday"),
        ("worker", "2026-11-27", "The next statutory visit will take place on Friday 27 November"),
    ]


@pytest.mark.parametrize(
    "said",
    [
        "Mum said she would ring the GP.",  # nothing agreed: as before
        "The HV's next visit is on Tuesday.",
        "Mum's benefits will be paid by the council next week.",
        "Mum would like a new flat by Christmas.",
    ],
)
def test_would_without_agreement_and_someone_else_s_next_visit_are_no_actions_of_ours(
    draft, said
):
    assert [a for a in draft(said).values("actions") if a.owner == "worker"] == []


def test_a_terse_note_s_sw_after_a_comma_and_m_opening_a_sentence_own_actions(draft):
    result = draft("HV saw Işık last wk, SW to chase HV re the check. m to ring the GP Fri.")

    assert [(a.owner, a.text) for a in result.values("actions")] == [
        ("worker", "Chase HV re the check"),
        ("a1", "Ring the GP Fri"),
    ]


@pytest.mark.parametrize(
    ("said", "owner", "due"),
    [
        ("I will complete household checks on him within 10 working days.", "worker",
         "2026-12-02"),
        ("The HV will visit within 2 weeks.", "x1", "2026-12-02"),
        ("Mrs Llywelyn from CAMHS rang and she's going to see Işık by Friday.", "x1",
         "2026-11-20"),
        ("I'm going to ring my manager today.", "worker", "2026-11-18"),
        ("Mother is agreeing to bring the passports tomorrow.", "a1", "2026-11-19"),
        ("We must apply for the protection order, I will do this by Friday.", "worker",
         "2026-11-20"),
    ],
)
def test_commitments_in_other_voices_with_their_due_dates(draft, said, owner, due):
    """Regression: "within 10 working days", "she's going to", "I'm going to", "is
    agreeing to" and "we must" were no commitment or no due date."""
    actions = draft(said).values("actions")
    assert [(a.owner, a.due and a.due.isoformat()) for a in actions] == [(owner, due)]


def test_agreeing_not_to_is_an_action_and_will_not_is_none(draft):
    said = "Mum agreed not to leave the children alone again. Nan will not be there."
    [action] = draft(said).values("actions")
    assert (action.owner, action.text) == ("a1", "Not to leave the children alone again")


def test_a_one_line_list_of_actions_set_apart_by_dashes(draft):
    """Regression: "Actions - Nan to walk him in - SW to ring the council" drafted only the
    first, as the others opened no sentence."""
    said = ("Actions - Gülşen to walk Pawel to school from Mon - the HV to weigh Işık within 10 "
            "working days - SW to contact the council re the notice")
    assert [(a.owner, a.due and a.due.isoformat()) for a in draft(said).values("actions")] == [
        ("a3", "2026-11-23"), ("x1", "2026-12-02"), ("worker", None),
    ]


def test_the_family_hub_is_a_place_not_the_family(draft):
    said = "Wendell from the family hub will send Mum the dates."
    assert [a.owner for a in draft(said).values("actions")] == []


@pytest.mark.parametrize(
    ("said", "owner", "due"),
    [
        ("Plan: - Mum and Pawel to do the walk to school together on Sunday.", "family",
         "2026-11-22"),
        ("Mum and Pawel to go to the GP on Friday.", "family", "2026-11-20"),
        ("The whole family are going to have a sit-down every Sunday evening.", "family", None),
        ("Mum will take the letters to Housing Options on the 3rd of next month.", "a1",
         "2026-12-03"),
        ("Mum will ask her manager about swapping her Thursday shift.", "a1", None),
    ],
)
def test_owners_together_and_dates_said_otherwise(draft, said, owner, due):
    """Regression: two people "to" do something together were the second one's action,
    "the whole family are going to" was nobody's, "the 3rd of next month" was no date and
    "her Thursday shift" was a due date."""
    actions = draft(said).values("actions")
    assert [(a.owner, a.due and a.due.isoformat()) for a in actions] == [(owner, due)]


def test_a_list_item_that_opens_with_a_verb_is_the_workers_own(draft):
    """Regression: "Actions: - Return visit tomorrow. - Email the HV today." drafted nothing:
    the items name no owner, as a worker's own list does not."""
    said = ("Actions:\n- Return visit tomorrow to see mum.\n- Email the HV today re mum.\n"
            "- Gülşen to keep the children at hers.")
    assert [(a.owner, a.due and a.due.isoformat(), a.text) for a in draft(said).values(
        "actions")] == [
        ("worker", "2026-11-19", "Return visit tomorrow to see mum"),
        ("worker", "2026-11-18", "Email the HV today re mum"),
        ("a3", None, "Keep the children at hers"),
    ]


def test_a_verb_opening_a_sentence_outside_a_list_is_no_action(draft):
    assert draft("Visit to Pawel. Email from school about attendance.").values("actions") == []


def test_a_bedroom_door_nobody_answered_is_not_a_visit_without_access(draft):
    """Regression: "knocked on her bedroom door, no answer" after a child let the worker in
    made everyone absent, as if nobody had answered the front door."""
    said = ("Işık let me in. Pawel in the front room. Knocked on mum's bedroom door, no "
            "answer. Saw Işık alone in the kitchen.")
    present = set(draft(said).values("present"))
    assert {"c1", "c2"} <= present and "a1" not in present


def test_plan_heard_at_the_start_of_planned_visit_heads_no_list(draft):
    """Regression: recognition's "Plan home visit to Pawel ..." drafted "Home visit to
    Pawel ..." as the worker's action."""
    assert draft("Plan home visit to Pawel at his dad's flat. Pawel was chatty.").values(
        "actions") == []


def test_numbered_items_a_bracketed_role_and_a_terse_notes_me_own_actions(draft):
    """Regression: items numbered "(1)", an owner with a role in brackets before "to"
    ("Annwen Probert (School Nurse) to ..."), and a terse note's "- me: ..." drafted no
    actions; "sessions on the morning routine" was taken for a routine thing, not agreed."""
    said = ("Next steps: (1) SW to see Işık alone at school on Friday 20th November. (2) "
            "Annwen Probert (School Nurse) to begin weekly sessions with Pawel on the morning "
            "routine.\nactions\n- me: env health referral w/c 23/11\n- me - checks on nan's "
            "new partner")
    assert [(a.owner, a.due and a.due.isoformat(), a.text) for a in draft(said).values(
        "actions")] == [
        ("worker", "2026-11-20", "See Işık alone at school on Friday 20th November"),
        ("x3", None, "Begin weekly sessions with Pawel on the morning routine"),
        ("worker", "2026-11-23", "Env health referral w/c 23/11"),
        ("worker", None, "Checks on nan's new partner"),
    ]


def test_her_routine_check_is_still_routine(draft):
    listed = [a for a in draft("The HV will do Işık's routine check next week.").values(
        "actions")]
    assert listed == []


@pytest.mark.parametrize(
    "said",
    [
        "SW explained an independent interpreter will be booked for the next visit.",
        "SW advised that the HV must be told about the new partner.",
        "Işık will be seen alone at school.",
        "Işık said she is scared Pawel will run away again.",
        "This return home interview was offered to Işık and she agreed to speak to SW.",
    ],
)
def test_what_is_done_to_someone_feared_or_already_happening_is_no_ones_action(draft, said):
    """Regression: "will be booked", "must be told", "will be seen alone" made the nearest
    person the owner of an action; so did a child's fear ("scared Pawel will run away") and
    a child agreeing to the interview then under way."""
    assert draft(said).values("actions") == []


def test_what_is_done_by_someone_named_is_still_theirs(draft):
    said = "A Child in Need meeting will be convened by the writer next Thursday."
    assert [a.owner for a in draft(said).values("actions")] == ["worker"]


def test_a_students_own_list_headings_head_a_list_of_actions(draft):
    """Regression: "What I need to do next:" and "My actions:" headed no list, so items
    opening with a verb ("- post the drawings ...") were nobody's."""
    said = ("What I need to do next:\n- post the drawings the children did to mum\n"
            "- find out about Saturday clubs that can do transport\n"
            "My actions:\n- food bank referral today")
    assert [(a.owner, a.text) for a in draft(said).values("actions")] == [
        ("worker", "Post the drawings the children did to mum"),
        ("worker", "Find out about Saturday clubs that can do transport"),
        ("worker", "Food bank referral today"),
    ]


def test_an_actions_words_stop_where_a_new_clause_begins_after_a_comma(draft):
    """Regression: with no full stops, "mum will report the mould to the landlord, the
    conference is brought forward to 12th November" ran on, and took the conference's date
    as the action's."""
    said = ("mum will report the mould to the landlord in writing, the pre birth conference is "
            "brought forward to 12th november")
    [action] = draft(said).values("actions")
    assert (action.text, action.due) == ("Report the mould to the landlord in writing", None)


def test_going_to_a_place_is_no_action(draft):
    assert draft("Işık is going to parties with her friend's older sister.").values(
        "actions") == []


def test_a_date_said_after_the_comma_of_the_same_action_is_still_its_date(draft):
    said = "mum will finish the parenting course, last session's on the 15th."
    [action] = draft(said, on=date(2026, 12, 9)).values("actions")
    assert action.due == date(2026, 12, 15)


def test_an_owner_named_in_brackets_after_their_team_owns_the_action(draft):
    """Regression: "Day team (HV Mererid Llywelyn) to ..." found no owner: the name in
    brackets did not open the item."""
    said = "Actions\nDay team (HV Mererid Llywelyn) to weigh Işık on Monday."
    assert [(a.owner, a.due and a.due.isoformat()) for a in draft(said).values("actions")] == [
        ("x1", "2026-11-23")
    ]


def test_a_safety_plans_not_to_is_an_action(draft):
    """Regression: "Ελένη not to tell يوسف the address" in a safety plan was nobody's."""
    said = ("Safety plan - Ελένη and Pawel to stay at nan's from tonight, Ελένη not to tell "
            "يوسف the address, Ελένη to ring 999 if he turns up")
    texts = [(a.owner, a.text) for a in draft(said).values("actions")]
    assert ("a1", "Not to tell يوسف the address") in texts


def test_what_a_child_says_they_would_do_is_a_wish_not_an_action(draft):
    said = "Pawel said that he would go to school more if he could do computing every day."
    assert draft(said).values("actions") == []
    assert [a.owner for a in draft("Mum said she will ring the GP tomorrow.").values(
        "actions")] == ["a1"]


def test_wed_with_a_full_stop_is_wednesday_and_ends_the_sentence(draft):
    """Regression: "by wed. school nurse to see ..." was read as "we'd", so the action ran
    on into the next one and had no due date."""
    actions = draft("actions - I'll do the screening tool by wed. Ελένη to see the GP next "
                    "wk.").prediction()["actions"]
    assert actions[0] == {"owner": "worker", "due": "2026-11-25",
                          "text": "Do the screening tool by wed"}
    assert len(actions) == 2


@pytest.mark.parametrize(
    ("said", "owner"),
    [
        ("Dad's going to go to the cannabis group on Tuesday.", "a2"),
        ("Ελένη's agreed to take Pawel to the medical on Monday.", "a1"),
    ],
)
def test_someone_s_going_to_is_their_action(draft, family, said, owner):
    """Regression: "Dad's going to go to the group" had no owner: "Dad's" was read as
    whose, not as "Dad is"."""
    from dataclasses import replace

    from recorder.dictation.context import KnownPerson
    known = replace(family, people=(*family.people, KnownPerson("a2", "Marek", "Nowak",
                                                                "father")))
    known = replace(known, people=tuple(p for p in known.people if p.relationship != "stepfather"))
    actions = draft(said, context=known).prediction()["actions"]
    assert [a["owner"] for a in actions] == [owner]


def test_a_due_date_said_with_by_and_a_wish_and_someone_elses_step_after_a_comma(draft):
    """Regression: "send out the invites for the review on 10 December by Friday" was due
    on the 10th; "he said he would like to see Işık after school" was his action; "ring
    Ελένη today, the DSL will look at ..." ran the DSL's step into the worker's."""
    actions = draft(
        "Actions. I will send out the invites for the review on 10 December by Friday. Pawel "
        "said he would like to see Işık after school. I will ring Ελένη today, Gülşen will "
        "look at the bus times.").prediction()["actions"]
    assert [(a["owner"], a["due"], a["text"]) for a in actions] == [
        ("worker", "2026-11-20", "Send out the invites for the review on 10 December by Friday"),
        ("worker", "2026-11-18", "Ring Ελένη today"),
        ("a3", None, "Look at the bus times"),
    ]


def test_a_managers_dictated_directions_as_a_spoken_list(draft, family):
    """Regression: "new line dash SW to ..." wrote "Dash SW to ...", so no item of a
    dictated list was an action, and "TM" (team manager) was nobody."""
    from dataclasses import replace

    from recorder.dictation.context import KnownProfessional
    known = replace(family, professionals=(*family.professionals, KnownProfessional(
        "tm1", "Graham Castle", "Team Manager", "Children's Services")))
    result = draft("Visit full stop new line TM directions colon new line dash SW to drop off "
                   "a food bank voucher this afternoon full stop new line dash TM to take the "
                   "case to legal gateway on 24 November full stop", context=known)
    assert [(a["owner"], a["due"]) for a in result.prediction()["actions"]] == [
        ("worker", "2026-11-18"), ("tm1", "2026-11-24")]
    assert "tm1" in result.prediction()["professionals_mentioned"]
