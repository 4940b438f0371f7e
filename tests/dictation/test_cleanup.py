"""Clean-up: dictation becomes text, and every character remembers where it came from."""

from __future__ import annotations

import pytest

from recorder.dictation.cleanup import clean
from recorder.dictation.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_spoken_punctuation_becomes_marks_and_sentences_get_capitals(lexicon):
    raw = (
        "mum was home full stop new paragraph he said open quote I hate it here close quote "
        "comma then left full stop is that right question mark yes exclamation mark"
    )

    assert clean(raw, lexicon).text == (
        "Mum was home.\n\nHe said “I hate it here”, then left. Is that right? Yes!"
    )


def test_a_word_that_only_contains_a_spoken_mark_is_left_alone(lexicon):
    assert clean("Commando comma stopwatch", lexicon).text == "Commando, stopwatch"


def test_fillers_go_with_the_commas_around_them(lexicon):
    raw = "we talked um about school and, er, his friends full stop he was, erm, fine"

    assert clean(raw, lexicon).text == "We talked about school and his friends. He was fine"


def test_sorry_scratch_that_takes_back_the_words_before_it(lexicon):
    raw = "I saw him in the kitchen, sorry, scratch that, in his bedroom full stop"

    assert clean(raw, lexicon).text == "I saw him in his bedroom."


def test_scratch_that_without_a_restart_word_drops_the_clause_taken_back(lexicon):
    raw = "I saw Pawel, mum was at work, scratch that, nan was home full stop"

    assert clean(raw, lexicon).text == "I saw Pawel, nan was home."


def test_a_spoken_comma_after_scratch_that_is_set_aside_like_a_typed_one(lexicon):
    raw = "I saw Pawel comma mum was at work comma scratch that comma nan was home full stop"

    assert clean(raw, lexicon).text == "I saw Pawel, nan was home."


def test_correcting_only_the_day_keeps_the_rest_of_the_sentence(lexicon):
    raw = "I will visit on Monday, scratch that, Tuesday."

    assert clean(raw, lexicon).text == "I will visit on Tuesday."


def test_typed_lower_case_names_and_team_abbreviations_get_their_capitals(lexicon):
    raw = "i met the hv and the dsl. pawel said hi to gulsen"

    cleaned = clean(raw, lexicon, names=("Paweł", "Gülşen"))

    assert cleaned.text == "I met the HV and the DSL. Pawel said hi to Gulsen"


def test_the_verb_send_is_not_taken_for_the_acronym(lexicon):
    assert clean("I will send the letter to mum", lexicon).text == "I will send the letter to mum"


def test_each_character_comes_from_the_words_the_worker_said(lexicon):
    raw = "mum was home full stop dad was, um, out"

    cleaned = clean(raw, lexicon)

    stop = cleaned.text.index(".")
    assert raw[slice(*cleaned.source(stop, stop + 1))] == "full stop"
    out = cleaned.text.index("out")
    assert raw[slice(*cleaned.source(out, out + 3))] == "out"
    dad = cleaned.text.index("Dad")
    assert raw[slice(*cleaned.source(dad, dad + 3))] == "dad"


def test_only_fillers_and_spaces_leave_no_text(lexicon):
    assert clean("  um, er ... erm  ", lexicon).text.strip(" .") == ""
    assert clean("", lexicon).text == ""


def test_a_corrected_short_weekday_takes_back_only_the_day(lexicon):
    said = "This is the visit to Pawel on Thurs, sorry scratch that, Tues 17th, at nan's."

    assert clean(said, lexicon).text == "This is the visit to Pawel on Tues 17th, at nan's."


def test_a_correction_heard_without_its_apostrophe_still_takes_back_the_words(lexicon):
    # recognition wrote "lets say": the words before it were kept as well as the correction
    raw = "I will ring the school on Monday comma actually lets say I will ring them today"

    assert clean(raw, lexicon).text == "I will ring them today"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("on saturday the um the 18th no sorry the 25th I got there",
         "On saturday the 25th I got there"),
        ("a referral to um to kooth no sorry to the school counsellor",
         "A referral to the school counsellor"),
        ("the dentist on friday no sorry thursday", "The dentist on thursday"),
    ],
)
def test_no_sorry_takes_back_what_was_said_before_it(lexicon, raw, text):
    """Regression: "no sorry" left both the date taken back and the one meant."""
    assert clean(raw, lexicon).text == text


def test_a_word_said_twice_running_is_written_once_unless_meant(lexicon):
    raw = "she showed me her her sketchbook. He had had enough. She said no no no. Bye bye."

    assert clean(raw, lexicon).text == (
        "She showed me her sketchbook. He had had enough. She said no no no. Bye bye."
    )


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("I will bring it to the core group on 2 November, sorry, 3 November.",
         "I will bring it to the core group on 3 November."),
        ("This was on Monday 9 November, sorry, it was Tuesday the 10th, I'm dictating it on "
         "Wednesday.", "This was on Tuesday the 10th, I'm dictating it on Wednesday."),
        ("She blocked him on Sunday, sorry, on Saturday night.",
         "She blocked him on Saturday night."),
        ("Mum said sorry, she was late.", "Mum said sorry, she was late."),
        ("I saw him on Friday, sorry, I was late.", "I saw him on Friday, sorry, I was late."),
        ("CLA visit on Wednesday the 18th, sorry, no, it was Thursday the 19th.",
         "CLA visit on Thursday the 19th."),
        ("- arrived 10.15, sorry, correction, 10.45am, met by the manager.",
         "- Arrived 10.45am, met by the manager."),
        ("I got there at 4.30 scratch that 5.30.", "I got there at 5.30."),
        ("CP visit on Thursday the 8th comma no wait correction comma it was Friday the 9th "
         "full stop", "CP visit on Friday the 9th."),
        ("bring it to the core group on 2 November comma sorry comma 3 November full stop",
         "Bring it to the core group on 3 November."),
        ("a drug test on Wednesday 18th - sorry, Thursday 19th - and", "A drug test on Thursday "
         "19th - and"),
        ("see her on Tuesday the third no wait Monday the second of November",
         "See her on Monday the second of November"),
        ("He was - sorry - upset.", "He was - sorry - upset."),
    ],
)
def test_a_date_taken_back_with_a_bare_sorry_is_corrected(lexicon, raw, written):
    """Regression: "on 2 November, sorry, 3 November" kept both dates (and the action was
    due on the 2nd); a "sorry" that takes back no date stays."""
    assert clean(raw, lexicon).text == written
