"""``recorder_new_people``: someone who matters to the family and is not on the record yet."""

from __future__ import annotations

from dataclasses import replace

import pytest

from recorder.dictation.draft import NewPerson


def test_mums_new_partner_with_a_name_is_someone_new(draft):
    result = draft("Mum's new partner Darius Feltham was at the flat.")

    assert result.values("new_people") == [NewPerson("Darius Feltham", "mother's partner")]
    assert [e.words for e in result.of("new_people")[0].evidence] == ["partner Darius Feltham"]


def test_a_childs_friend_is_someone_new(draft):
    result = draft("Pawel's friend Ottoline came round after school.")

    assert result.values("new_people") == [NewPerson("Ottoline", "friend")]


def test_someone_who_introduced_himself_is_someone_new(draft):
    result = draft("A man at the door introduced himself as Lenny Voss.")

    assert [p.name for p in result.values("new_people")] == ["Lenny Voss"]


def test_someone_introduced_as_mums_cousin_is_her_cousin(draft):
    """Regression: the first relation word after the name ('mum') was taken, so Lenny Voss,
    mum's cousin, was drafted as the child's mother."""
    result = draft("A man introduced himself as Lenny Voss, mum's cousin.")

    [person] = result.values("new_people")
    assert (person.name, person.relationship) == ("Lenny Voss", "mother's cousin")


def test_people_on_the_record_are_not_new_however_they_are_written(draft):
    result = draft("Nan Gulsen made tea. Mum Ελένη was home. Pawel's sister Işık played.")

    assert result.values("new_people") == []


def test_days_and_months_after_a_relation_word_are_not_names(draft):
    result = draft("Pawel's uncle on Monday brought his Xbox. His aunt in March sent a card.")

    assert result.values("new_people") == []


def test_no_one_new_in_a_note_about_known_people(draft):
    assert draft("Mum and Pawel were home. I saw Pawel alone.").values("new_people") == []


# -- names typed in other ways (issue 16) ----------------------------------------------------


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Also living in the flat now is mum's brother مصطفى, who arrived in May.", "مصطفى"),
        ("mum and pawel were in. also staying is mum's brother tariq who came over in march. "
         "pawel was in his room.", "tariq"),
        ("Pawel has a new friend at school, Mary-Jo Quill, and goes to hers on Fridays.",
         "Mary-Jo Quill"),
    ],
)
def test_a_new_person_named_in_another_script_in_lower_case_or_with_a_hyphen(draft, said, name):
    assert [p.name for p in draft(said).values("new_people")] == [name]


def test_an_abbreviated_weekday_is_not_a_new_person(draft):
    result = draft("mum's partner said he's back at work Mon. pawel was home.")

    assert result.values("new_people") == []


@pytest.mark.parametrize(
    ("note", "name"),
    [
        ("He has been going to his mate Kian's after school.", "Kian"),
        ("Mum said her sister, Mrs Dorota Nowak, visits most days.", "Dorota Nowak"),
        ("Işık was at her childminder's, Farida Osei, on Tuesday.", "Farida Osei"),
        ("Paweł's nani, Shabana Iqbal, is staying for a month.", "Shabana Iqbal"),
        ("Mum introduced a man sitting in the kitchen as Emeka Obi, her partner.", "Emeka Obi"),
        ("Paweł mentioned a man called \"Bigs\" who gives him lifts.", "Bigs"),
        ("An older male known as 'Jax' has been messaging him.", "Jax"),
        ("Mum says a man they call 'Tiny' picks him up. I will ask about this man Tiny.", "Tiny"),
        ("She told me she's been seeing Reuben, who she says is 19.", "Reuben"),
        ("Efua, يوسف's new partner, stays at weekends.", "Efua"),
        ("He told me about Chloe, his befriender from the group.", "Chloe"),
        ("Purpose: Volkan Aydın, Ελένη's ex-partner, back in the area.", "Volkan Aydın"),
        ("يوسف's son Riley has moved in since Easter.", "Riley"),
    ],
)
def test_someone_new_however_the_note_brings_them_in(draft, note, name):
    """Regression: a mate, a title after the relation ("her sister, Mrs ..."), a
    childminder's, a nani, someone introduced "as" a few words on, a nickname in
    quotation marks and someone she has "been seeing" were each missed."""
    assert [p.name for p in draft(note).values("new_people")] == [name]


def test_a_known_as_name_with_its_title_is_not_someone_new(draft, family):
    nan = replace(family.people[4], known_as="Nana Gül")
    context = replace(family, people=(*family.people[:4], nan))

    assert draft("He said he likes it when Nana Gül stays over.", context=context).values(
        "new_people"
    ) == []


def test_a_relative_s_things_are_not_a_person(draft):
    note = "mum gave me her brother's address, his phone and his car reg"
    assert draft(note).values("new_people") == []


@pytest.mark.parametrize(
    "note",
    [
        "Actions, mum will ring the GP.",
        "He went to London, his dad's home town.",
        "She loves Arsenal, her favourite team.",
    ],
)
def test_a_word_before_a_comma_and_a_relative_is_not_someone_new(draft, note):
    assert draft(note).values("new_people") == []


@pytest.mark.parametrize(
    ("note", "person"),
    [
        ("- present: m, sis işık + mum's new bf darek (m says 2 months, doesnt live here).\n"
         "- işık in from sch", NewPerson("darek", "mother's boyfriend")),
        ("- T in his flat, his gf shannon there when i arrived.\n- seen alone",
         NewPerson("shannon", "girlfriend")),
        ("- pastor ilunga from their church visits weekly.\n- kids ok",
         NewPerson("ilunga", "pastor")),
        ("Gülşen said Carol next door has been lending her a tenner.",
         NewPerson("Carol", "neighbour")),
        ("Nana was in with both bairns, her fella Ken Dowson was out the back.",
         NewPerson("Ken Dowson", "paternal grandmother's partner")),
        ("Present: Ελένη (mother), Pawel. Mrs Pauline Harte (neighbour, no. 14) came round.",
         NewPerson("Pauline Harte", "neighbour")),
        ("She stayed at the flat of a male she knows as Reece, who is 19.",
         NewPerson("Reece", None)),
    ],
)
def test_someone_new_as_terse_and_regional_notes_bring_them_in(draft, note, person):
    """Regression: "bf" and "gf", a pastor, "Carol next door", "her fella", a relation in
    brackets after the name and "a male she knows as Reece" found nobody; nor did a note
    typed in lower case once its lines opened with a capital after a dash."""
    assert draft(note).values("new_people") == [person]


@pytest.mark.parametrize(
    "note",
    [
        "- R seen alone in her room, door shut (mum ok'd it).",
        "- mum tearful, not sleeping. dad v angry.",
    ],
)
def test_a_clause_in_brackets_or_a_feeling_is_not_someone_new(draft, note):
    assert draft(note).values("new_people") == []


def test_a_relative_the_record_names_in_another_script_is_not_new(draft, family):
    """Regression: "her nan Gul" when the record has the grandmother's name only in another
    script made her someone new."""
    people = tuple(replace(p, first_name="گلشن") if p.id == "a3" else p for p in family.people)
    result = draft("Pawel and her nan Gulshan were in.", context=replace(family, people=people))
    assert result.values("new_people") == []


@pytest.mark.parametrize(
    ("note", "person"),
    [
        ("Shannon is dad's gf, she was there.", NewPerson("Shannon", "father's girlfriend")),
        ("i have seen pawel alone in his room and delroy forbes is mother new partner he moved "
         "in 2 months back and he is strict", NewPerson("delroy forbes", "mother's partner")),
    ],
)
def test_someone_new_said_to_be_a_relation(draft, note, person):
    """Regression: "Shannon is dad's gf" and, in a lower-case note with no marks, "delroy
    forbes is mother new partner" (the 's not written) found nobody."""
    assert draft(note).values("new_people") == [person]


def test_two_lower_case_words_before_a_comma_are_no_name(draft):
    assert draft("- dad v angry. dad took phone, handed to police sun.").values(
        "new_people") == []


@pytest.mark.parametrize("note", [
    "tolu in the living room w/ mum, happy, showed me his football cards.",
    "bobby said he wants a brother not a sister lol.",
])
def test_how_someone_was_or_a_texts_shorthand_is_nobody_new(draft, note):
    """Regression: a lower-case note's "w/ mum, happy," and "a sister lol" drafted
    "happy" (mother) and "lol" (sister) as people new to the record."""
    assert draft(note).values("new_people") == []


def test_one_word_of_a_two_word_first_name_and_a_host_family(draft, family):
    """Regression: "mum ha" for Thu Hà (the given name last, as Vietnamese names have it)
    was drafted as someone new; a Homes for Ukraine host was nobody."""
    from dataclasses import replace

    from recorder.dictation.context import KnownPerson
    known = replace(family, people=(*family.people,
                                    KnownPerson("a7", "Thu Hà", "Phạm", "maternal aunt")))
    assert draft("visit to khoi and auntie ha at home.", context=known).values(
        "new_people") == []
    assert [p.name for p in draft("They live with their Homes for Ukraine host Rosemary "
                                  "Atkinson.").values("new_people")] == ["Rosemary Atkinson"]


@pytest.mark.parametrize(
    ("note", "new"),
    [
        ("EDT - Pawel reported missing by mum Sat 14/11 at 19:30.", []),
        ("Handover - Day team, Dipesh Lad TM, to hold strat Monday.", []),
        ("Emergency placement agreed with foster carer Bernie Carswell.", ["Bernie Carswell"]),
        ("Also present briefly was Tita Grace, a family friend.", ["Grace"]),
        ("lan's friend thu from church is going to be her birth partner.", ["thu"]),
    ],
)
def test_days_and_role_letters_are_no_names_and_a_foster_carer_or_tita_is_someone(
        draft, note, new):
    """Regression: "mum Sat 14/11" drafted Sat as the mother's name and "TM" (team
    manager) as a person; an emergency foster carer and "Tita Grace" were nobody."""
    assert [p.name for p in draft(note).values("new_people")] == new


@pytest.mark.parametrize(
    ("note", "new"),
    [
        ("Most nights he talks to an older user he calls Kurt online.", ["Kurt"]),
        ("He was found with two older lads, one of them known to police as Kian.", ["Kian"]),
        ("Someone on Discord who said he was 15 and called himself Ash.", ["Ash"]),
        ("The fostering service confirmed the carers, Lowenna Pengelly, can take them.",
         ["Lowenna Pengelly"]),
        ("i will do the referral to the young carers service.", []),
        ("She called herself 'useless' a couple of times.", []),
    ],
)
def test_someone_known_by_what_they_are_called_and_a_carer_named(draft, note, new):
    """Regression: "a user he calls Kurt", "known to police as Kian", "called himself Ash"
    and "the carers, Lowenna Pengelly" found nobody new; "the young carers
    service" and "called herself 'useless'" must not find anyone."""
    assert [p.name for p in draft(note).values("new_people")] == new


@pytest.mark.parametrize(
    ("note", "new"),
    [
        ("The baby's father is Martin Stokes, who is 29.", [("Martin Stokes", "baby's father")]),
        ("Her own mam, Mihaela Popescu, is moving up from Leeds.",
         [("Mihaela Popescu", "mother")]),
        ("Her father is Polish.", []),
        ("Got there as arranged with mam, Somali interpreter on the phone.", []),
    ],
)
def test_a_relation_then_is_or_a_comma_then_a_full_name(draft, family, note, new):
    """Regression: "the baby's father is Martin Stokes" and "her own mam, Mihaela
    Popescu," found nobody new; a nationality after "is" and a language before
    "interpreter" must not be taken for a name. (The test family's parents are written in
    Greek and Arabic, whom a Latin name may stand for, so the child is here alone.)"""
    from dataclasses import replace
    alone = replace(family, people=family.people[:1])
    assert [(p.name, p.relationship)
            for p in draft(note, context=alone).values("new_people")] == new
