"""``recorder_worries``: a worry is tagged from the worker's words, not when they rule it out."""

from __future__ import annotations

import pytest


def cue_words(result, tag: str) -> list[str]:
    item = next(i for i in result.of("worries") if i.value == tag)
    return [e.words for e in item.evidence]


def test_a_named_medication_tags_the_parents_mental_health(draft):
    result = draft("Mum has started on sertraline from her GP.")

    assert result.values("worries") == ["parental_mental_health"]
    assert cue_words(result, "parental_mental_health") == ["sertraline"]


def test_low_mood_is_the_parents_or_the_childs_by_who_has_it(draft):
    assert draft("Mum said she has had low mood.").values("worries") == [
        "parental_mental_health"
    ]
    assert draft("Pawel has had low mood since the summer.").values("worries") == [
        "child_mental_health"
    ]


def test_no_concerns_about_rules_a_worry_out(draft):
    result = draft("There were no concerns about drug use or alcohol full stop")

    assert result.values("worries") == []


def test_a_denial_rules_a_worry_out(draft):
    assert draft("Mum denied any domestic abuse.").values("worries") == []


def test_nothing_to_suggest_rules_a_worry_out(draft):
    assert draft("There is nothing to suggest cannabis use in the home.").values("worries") == []


def test_ruling_one_worry_out_leaves_another_in_the_same_note(draft):
    result = draft(
        "No concerns about alcohol were noted. Pawel has been missing from home twice this month."
    )

    assert result.values("worries") == ["missing_episodes"]
    assert cue_words(result, "missing_episodes") == ["been missing"]


def test_a_worry_that_is_history_is_still_a_worry(draft):
    result = draft("Pawel has not self-harmed since the summer.")

    assert result.values("worries") == ["self_harm"]


@pytest.mark.parametrize(
    ("said", "tag"),
    [
        ("Mum is behind on the rent and has been to the food bank.", "financial_hardship"),
        ("Pawel has not been in school for two weeks.", "school_attendance"),
        ("Pawel is a young carer for mum.", "young_carer"),
        ("The police were called after يوسف pushed her against the wall.", "domestic_abuse"),
        ("Pawel said يوسف hits him with a belt.", "physical_abuse"),
        ("Pawel is going to CAMHS on Tuesday.", "child_mental_health"),
    ],
)
def test_plain_words_raise_their_tag(draft, said, tag):
    assert tag in draft(said).values("worries")


def test_the_same_worry_said_twice_is_one_tag_with_both_cues(draft):
    result = draft("Mum is on sertraline. She also sees the crisis team.")

    assert result.values("worries") == ["parental_mental_health"]
    assert cue_words(result, "parental_mental_health") == ["sertraline", "crisis team"]


@pytest.mark.parametrize(
    ("note", "worries"),
    [
        ("Discussed DV safety plan again, m agreed to ring 999.", ["domestic_abuse"]),
        ("No DV disclosed, no police callouts.", []),
        ("Money is really tight since her Universal Credit was cut.", ["financial_hardship"]),
        ("Mum told me she was cut as a child and will not let it happen to Işık.", ["fgm"]),
        ("Nothing he said suggested sexual exploitation.", []),
        ("School had wondered about self-harm, but there were no marks.", []),
        ("She had no injuries and nothing suggested she had been hurt.", []),
        ("Police found the three children alone at the flat since the afternoon.", ["neglect"]),
        ("His attendance this term is 81 per cent and his attendance remains a concern.",
         ["school_attendance"]),
        ("The caring role Işık is taking on at 13 is a concern.", ["young_carer"]),
        ("He was found with £340 in cash and two phones.", ["criminal_exploitation"]),
        ("Maisie told me that mum sleeps a lot and sometimes there is no breakfast.", ["neglect"]),
    ],
)
def test_worries_in_other_voices_and_their_denials(draft, note, worries):
    """Regression: "DV" was no cue, "Universal Credit was cut" was FGM, "no injuries" and
    "nothing he said suggested" did not rule their worry out (the denial held the cue's
    own word), and children alone at the flat, attendance "a concern", a caring role and
    two phones were each missed."""
    assert [w for w in draft(note).values("worries")] == worries


@pytest.mark.parametrize(
    ("note", "worry"),
    [
        ("- attendance 81% per DSL, mostly lates.", "school_attendance"),
        ("The EWO advised that Işık's attendance is 54 per cent this term.", "school_attendance"),
        ("- P missed 6 days sch this half term", "school_attendance"),
        ("School rang because Işık showed her friend cuts on the top of her leg.", "self_harm"),
        ("- follows A&E tues - Işık cut her thigh, steri strips.", "self_harm"),
        ("Pawel is sleeping on the sofa most nights, there is no room.", "housing"),
        ("- m + nan worried re money - allowance not paid for oct", "financial_hardship"),
    ],
)
def test_worries_as_terse_and_formal_notes_give_them(draft, note, worry):
    """Regression: attendance given as a figure under 90%, days missed, cuts said without
    "self-harm", sleeping on the sofa and money worries in a terse note raised nothing."""
    assert draft(note).values("worries") == [worry]


@pytest.mark.parametrize(
    "note",
    [
        "Işık's attendance is 97% this term.",
        "Purpose of visit: to see both children alone.",
        "Mum has an appointment at the drug and alcohol service for her friend.",
        "Pawel had his hair cut on Saturday.",
    ],
)
def test_good_attendance_seeing_children_alone_and_a_services_name_raise_nothing(draft, note):
    assert draft(note).values("worries") == []


def test_a_child_poorly_on_the_sofa_is_no_housing_worry(draft):
    assert draft("Işık had a fever and was sleeping on the sofa the whole time.").values(
        "worries") == []


def test_home_conditions_found_good_and_a_missing_report_said_otherwise(draft):
    """Regression: "Home conditions good" raised neglect; "mother reported her missing to
    police" raised nothing."""
    assert draft("Home conditions good, food in the fridge.").values("worries") == []
    assert draft("On Saturday mum reported her missing to police at 11pm.").values(
        "worries") == ["missing_episodes"]


@pytest.mark.parametrize(
    "note",
    [
        "Mum agreed to go for a hair strand test on Monday.",
        "Işık was admitted and is on the ward overnight with a broken arm.",
    ],
)
def test_a_test_that_names_no_substance_and_a_child_on_a_ward_raise_nothing(draft, note):
    """Regression: a hair strand test (for drugs or alcohol: it does not say which) raised
    drug misuse, and a child on a children's ward raised the child's mental health."""
    assert draft(note).values("worries") == []


@pytest.mark.parametrize(
    ("note", "worries"),
    [
        ("Ελένη was shocked and tearful but said straight away that she believes Işık.", []),
        ("Ελένη became tearful when told the baby would not go home yet.", []),
        ("Işık was tearful when she talked about her dad.", []),
        ("Ελένη said she feels guilty and has not been sleeping, she was tearful during the "
         "visit.", ["parental_mental_health"]),
        ("Ελένη told me she is not sleeping. She was tearful and said she must be strong.",
         ["parental_mental_health"]),
        ("Ελένη was tearful. She is back on sertraline.", ["parental_mental_health"]),
    ],
)
def test_tears_alone_are_no_worry_but_beside_another_sign_they_are(draft, note, worries):
    """Regression: "Mum was tearful" alone raised parental mental health, in eleven cases
    across four writers' sets whose answers gave none; with poor sleep or medication
    beside it, the development set's answer does give it."""
    result = draft(note)
    assert result.values("worries") == worries
    if not worries:
        assert [i.status for i in result.set_aside if i.field == "worries"] == ["one_sign"]


@pytest.mark.parametrize(
    ("note", "worries"),
    [
        ("Neither the police nor Ελένη raised any concerns about drug use.", []),
        ("يوسف said neither of them drinks or uses drugs.", []),
        ("Nobody has any worry about drugs.", []),
        ("Ελένη's MS has got worse, she had a relapse in August.", []),
        ("Ελένη has relapsed and is using heroin again.", ["drug_misuse"]),
        ("Ελένη said it was about the noise on the ward.", []),
        ("Ελένη is still on the ward at the mental health unit.", ["parental_mental_health"]),
        ("Pawel was found by police in a cannabis grow in July.", ["criminal_exploitation"]),
        ("He came back with £60 and a rucksack he wouldn't let staff look in, and on "
         "Tuesday staff found a second phone under his mattress.", ["criminal_exploitation"]),
        ("Pawel was seen with two older boys by the garages.", ["criminal_exploitation"]),
        ("A man asked for photos and sent her money for phone credit.",
         ["child_sexual_exploitation"]),
        ("Işık was getting into a car after school, the driver looks to be in his twenties.",
         ["child_sexual_exploitation"]),
    ],
)
def test_exploitation_in_other_words_and_worries_denied_by_neither_or_nobody(
        draft, note, worries):
    """Regression, from sets written by others: exploitation said without its name (a
    second phone, older boys, asking a child for photos, a driver in his twenties, a
    cannabis grow, which is exploitation, not drug misuse) was missed; "wouldn't let"
    made what followed a would-be; "neither of them" and "nobody has any worry" denied
    nothing; a relapse of MS and the noise on a maternity ward raised worries."""
    assert draft(note).values("worries") == worries


@pytest.mark.parametrize(
    ("note", "worries"),
    [
        ("Işık told her teacher that a family friend touches her when he babysits.",
         ["sexual_abuse"]),
        ("The ISVA is seeing Işık at school tomorrow for her session.", ["sexual_abuse"]),
        ("Pawel told me his dad calls him stupid and says he's useless every day.",
         ["emotional_abuse"]),
        ("When Pawel missed a shot يوسف called him useless.", ["emotional_abuse"]),
        ("Pawel said dad does not call him stupid.", []),
    ],
)
def test_sexual_and_emotional_abuse_in_the_words_a_child_or_a_note_uses(draft, note, worries):
    """Regression, across sets written by others: "touches her when he babysits", an ISVA,
    "calls him stupid", "called him useless" raised nothing."""
    assert draft(note).values("worries") == worries


def test_a_crisis_team_is_the_childs_mental_health_when_it_saw_the_child(draft):
    """Regression: a child seen by the crisis team after cutting herself raised the
    parent's mental health."""
    assert draft("On Monday Işık was seen by the crisis team at A&E.").values(
        "worries") == ["child_mental_health"]
    assert draft("Ελένη was seen by the crisis team last night.").values(
        "worries") == ["parental_mental_health"]


@pytest.mark.parametrize(
    "note",
    [
        "The DSL said Işık has been late eleven times since the start of term and has missed "
        "four full days.",
        "DSL says late 11x this half term + 2 days off.",
        "Mum admitted he has hardly been in school since October.",
        "Pawel is on a part time timetable.",
    ],
)
def test_school_attendance_as_a_school_counts_it(draft, note):
    """Regression: lateness counted ("late 11x this half term"), "missed four full days",
    "hardly been in school" and a part-time timetable raised no attendance worry."""
    assert draft(note).values("worries") == ["school_attendance"]


def test_late_for_other_things_is_no_attendance_worry(draft):
    assert draft("Ελένη was late 3 times for contact at the family centre.").values(
        "worries") == []


@pytest.mark.parametrize(
    ("note", "worries"),
    [
        ("Işık told her teacher that her stepdad hit her with a belt on Sunday.",
         ["physical_abuse"]),
        ("Ελένη said يوسف came home in a temper and pushed her against the wardrobe.",
         ["domestic_abuse"]),
        ("His partner Sadie has a cut lip, says he pushed her into the door frame.",
         ["domestic_abuse"]),
    ],
)
def test_hit_her_is_the_childs_worry_or_the_adults_by_whom_her_stands_for(draft, note, worries):
    """Regression: "her dad hit her" (the child hit) raised domestic abuse, as "hit her"
    always did; now it is by whom "her" stands for, named in the same sentence."""
    assert draft(note).values("worries") == worries
