"""``recorder_visit``: the day of the visit, when it started, and whether it was planned."""

from __future__ import annotations

from datetime import date

import pytest


def test_a_visit_the_note_does_not_date_is_on_the_day_of_recording_and_says_so(draft):
    result = draft("Mum and Pawel were home.")

    assert result.values("visit_date") == [date(2026, 11, 18)]
    assert "the day of recording" in result.of("visit_date")[0].label


def test_a_visit_yesterday_said_on_new_years_day_was_on_new_years_eve(draft):
    result = draft("I visited Pawel yesterday at 4pm.", on=date(2027, 1, 1))

    assert result.values("visit_date") == [date(2026, 12, 31)]
    assert [e.words for e in result.of("visit_date")[0].evidence] == ["yesterday"]
    assert result.values("visit_time") == ["16:00"]


def test_a_visit_dictated_days_later_keeps_its_own_date(draft):
    result = draft(
        "Late entry full stop the visit was on Tuesday 29 December comma I arrived at 10.30am",
        on=date(2027, 1, 2),
    )

    assert result.values("visit_date") == [date(2026, 12, 29)]
    assert result.values("visit_time") == ["10:30"]


def test_a_date_tied_to_something_else_does_not_move_the_visit(draft):
    result = draft("The visit followed a referral on Friday. I arrived at 5pm.")

    assert result.values("visit_date") == [date(2026, 11, 18)]
    assert result.values("visit_time") == ["17:00"]


def test_a_visit_still_to_come_does_not_move_the_visit(draft):
    result = draft("Mum was home. I will visit again on Friday at 3pm.")

    assert result.values("visit_date") == [date(2026, 11, 18)]


def test_someone_elses_visit_in_an_action_list_does_not_move_the_visit(draft):
    result = draft("Actions: mum to book the GP. The HV to visit on Tuesday.")

    assert result.values("visit_date") == [date(2026, 11, 18)]


def test_the_time_the_worker_arrived_is_the_visit_time_with_its_words(draft):
    result = draft("I arrived at 3.45pm comma mum was home")

    assert result.values("visit_time") == ["15:45"]
    assert [e.words for e in result.of("visit_time")[0].evidence] == ["arrived at 3.45pm"]


def test_a_time_for_something_else_is_not_the_visit_time(draft):
    result = draft("Mum said Pawel went to bed at 9pm. Nan was home.")

    assert result.values("visit_time") == []


def test_half_past_four_is_the_visit_time(draft):
    assert draft("I arrived at half past four.").values("visit_time") == ["16:30"]


@pytest.mark.parametrize(
    ("note", "started"),
    [
        ("CIN visit. arr half 4, m + Işık home.", "16:30"),
        ("CP visit to Pawel @ home, nan + Işık in, 14:30. Seen alone.", "14:30"),
        ("Sat 14/11 - 10:00 - visit to Pawel at nan's; all present.", "10:00"),
        ("Unannounced visit Tues 17/11, 10.30 - Pawel at home.", "10:30"),
        ("We met in the library at twelve thirty. Pawel was chatty.", "12:30"),
        ("At 4pm I visited Pawel at home.", "16:00"),
        ("Yesterday afternoon, at half past three, I was visit Pawel at home.", "15:30"),
        ("Police attended at 22:30. I attended at 23:15 with PC Ward.", "23:15"),
        ("He arrived at 4.10 from school. I arrived at 3.50.", "15:50"),
        ("I attended the home at 03:20 with the police.", "03:20"),
        ("I got there at about four forty-five.", "16:45"),
        ("16:05 arrived.\n16:15 saw Pawel alone in his bedroom.\n17:10 left.", "16:05"),
        ("So I got out to the house about half three, the satnav sent me round the back.",
         "15:30"),
        ("I picked Pawel up from school at 3:15 pm and we talked in the car.", "15:15"),
        ("quick one - home visit to Pawel & mum, got there 2ish. Pawel off school", "14:00"),
        ("saw Pawel in school at 11ish in the pastoral room", "11:00"),
        ("arrived half 3ish, nan in", "15:30"),
        ("got there 4:30ish", "16:30"),
        ("Hospital visit. Mother was seen on the postnatal ward, bay 3 of ward 14, at 11.40.",
         "11:40"),
        ("Ελένη was seen in a side room on ward 7 at 10.05.", "10:05"),
        ("Ελένη was seen by the midwife at 9am. I visited at 11am.", "11:00"),
        ("I collected Pawel from home at 4.15pm and we went to McDonald's.", "16:15"),
        ("Joint session with the YJS worker at the youth justice office at 2pm.", "14:00"),
        ("CLA visit to Pawel at the farm, half past five once he'd had his tea.", "17:30"),
        ("School visit to Pawel. Met Ms Royle (DT) first at 11.30am in the office.", "11:30"),
        ("Child in need review, seen at school. SW met Pawel at the primary at 1.30pm.",
         "13:30"),
        ("Oh what time, it was period three so I was there from ten past eleven.", "11:10"),
        ("Visit Friday 13/11 - at 7.15pm. Interpreter by phone.", "19:15"),
        ("CIN closure visit. 4.30pm at home in Orton Goldhay.", "16:30"),
        ("Duty visit, call came in to duty at 7pm, I got to the house at 7.40pm.", "19:40"),
        ("Statutory visit to the minor Pawel at the family home in Lincoln on Monday the 16th "
         "instant at 18h30, the undersigned dictating the next day.", "18:30"),
    ],
)
def test_the_visit_time_however_a_note_gives_it(draft, note, started):
    """Regression: terse notes ("arr half 4", a time between commas in the first line,
    "got there 2ish"), a hospital note's "Mother was seen ... at 10.05" (read as the 10th
    of May, and as someone else's time),
    a time before the worker's own "I visited", "twelve thirty", "03:20" (read as 15:20)
    and a time the police attended (taken for the worker's) were each missed or wrong."""
    assert draft(note).values("visit_time") == [started]


@pytest.mark.parametrize(
    "note",
    [
        "Pawel said he goes to bed at 9.30, mum agrees.",
        "Visit to Pawel. He has football on Tuesday, 16:00.",
        "At 4pm mum went to work. Seen alone.",
        "Nan will visit at 14:30 tomorrow.",
    ],
)
def test_a_time_said_of_something_else_is_still_not_the_visit_time(draft, note):
    assert draft(note).values("visit_time") == []


def test_an_unannounced_visit_and_a_planned_one(draft):
    assert draft("Unannounced visit to Pawel.").values("visit_type") == ["Unannounced"]
    assert draft("Planned visit as arranged with mum.").values("visit_type") == ["Planned"]


def test_last_tuesdays_visit_is_on_last_tuesday(draft):
    """Regression: "Tuesday's" was read as a weekly thing ("Tuesday's club") even after
    "last", so the write-up of last Tuesday's visit was dated the day it was recorded."""
    note = "This is my write-up from last Tuesday's visit to Pawel, sorry it's late."
    assert draft(note).values("visit_date") == [date(2026, 11, 17)]
    assert draft("Pawel goes to Tuesday's club.").values("visit_date") == [date(2026, 11, 18)]


@pytest.mark.parametrize(
    ("note", "started"),
    [
        ("cin visit - pawel, eastbank. arr 1610\n- present: m + işık", "16:10"),
        ("unannounced cp visit - pawel + işık, eastbank. 0750\nno answer 1st knock.", "07:50"),
        ("cla - pawel @ nan's, eastbank. 1630 start\nboth in.", "16:30"),
        ("RHI - pawel (YP). missing fri 13/11 from 1800, found sat.\nvisit @ home, eastbank, "
         "1715. m + nan in.", "17:15"),
        ("cin visit - pawel. visit was yday 17/11 1930, typing up now.", "19:30"),
        ("Child Protection visit - Tuesday 17th November 2026. SW arrived at 15:30hrs; the "
         "visit concluded at 16:40hrs.", "15:30"),
        ("Date of visit: Tuesday 17th November 2026\nTime of visit: 15:45hrs\nVisit type: "
         "Child in Need", "15:45"),
    ],
)
def test_a_terse_or_formal_note_s_own_way_of_giving_the_time(draft, note, started):
    """Regression: a 24-hour time without a colon after "arr", on a line of its own, before
    "start", after a date or between commas ("visit @ home, eastbank, 1715."), and "15:30hrs"
    or a "Time of visit:" heading, were all missed."""
    assert draft(note).values("visit_time") == [started]


def test_a_date_of_visit_heading_dates_the_visit(draft):
    note = "Date of visit: Thursday 12th November 2026\nPresent: Pawel, mum."
    assert draft(note).values("visit_date") == [date(2026, 11, 12)]


@pytest.mark.parametrize(
    "note",
    [
        "cin visit - pawel. missing fri 13/11 from 1800, found sat 2300.",
        "Visit to Pawel. Childline is 0800 1111.",
        "Visit to Pawel, 2 kids, 1 dog.",
    ],
)
def test_a_number_said_of_something_else_is_no_visit_time(draft, note):
    assert draft(note).values("visit_time") == []


@pytest.mark.parametrize(
    ("note", "day", "started"),
    [
        ("Statutory visit\nDate: Monday 16th November 2026 (note typed up Wednesday)\n"
         "Time: 16:30hrs\nPresent: Pawel.", date(2026, 11, 16), "16:30"),
        ("Closure visit\nDate of visit: Monday 16th November 2026. Time: 0930hrs.\nPresent: "
         "Pawel.", date(2026, 11, 16), "09:30"),
        ("Return Home Interview\nDate of interview: Monday 16th November 2026\nTime of "
         "arrival: 17:15hrs - 18:00hrs", date(2026, 11, 16), "17:15"),
    ],
)
def test_a_forms_date_and_time_lines_give_the_visit(draft, note, day, started):
    """Regression: "Date:" and "Time:" on lines of their own, "Date of interview:" and
    "Time of arrival:" were not read, so a note typed up days later was dated the day it
    was typed."""
    result = draft(note)
    assert (result.values("visit_date"), result.values("visit_time")) == ([day], [started])


@pytest.mark.parametrize(
    ("note", "started"),
    [
        ("visit to pawel at home i have reached there at 4 o clock mother was there", "16:00"),
        ("visit to pawel i reached at half past 4 in evening after his school", "16:30"),
        ("visit to pawel i have reached at 7 45 in morning father opened the door", "07:45"),
        ("home visit started at 5 15 pm and i have used an interpreter", "17:15"),
        ("the visit was on tuesday around 11 in morning because pawel was off school", "11:00"),
    ],
)
def test_times_as_speech_software_writes_them_with_no_marks(draft, note, started):
    """Regression: "4 o clock", "half past 4 in evening", "7 45 in morning", "5 15 pm" and
    "I have reached at" were not read as the time the visit started."""
    assert draft(note).values("visit_time") == [started]


def test_two_in_the_night_is_two_in_the_morning_and_ten_in_the_night_is_ten_at_night(draft):
    assert draft("I attended with the police at 2 in night.").values("visit_time") == ["02:00"]
    assert draft("I attended with the police at 10 in night.").values("visit_time") == ["22:00"]


@pytest.mark.parametrize(
    ("note", "started"),
    [
        ("Visit to Pawel. SW arrived at approx. quarter past four (16:15). Present: mum.",
         "16:15"),
        ("(16.20) SW and DC Ward arrived at the family home.", "16:20"),
        ("Date of visit: Fri 13/11/2026. Arr 15.35\nPresent: Mum", "15:35"),
        ("Date of visit: Mon 16/11/2026, approx. 10:00 (per SW's notes)\nPresent: Mum", "10:00"),
    ],
)
def test_a_typists_note_gives_the_time_its_own_way(draft, note, started):
    """Regression: "approx." ended the sentence before the time; "15.35" and "(16.20)" with
    a full stop were taken for sums of money even after "Arr"; a time after the heading's
    date was not read."""
    assert draft(note).values("visit_time") == [started]


def test_a_sum_with_a_full_stop_is_still_no_time(draft):
    assert draft("Visit to Pawel. Mum owes 16.20 to the shop.").values("visit_time") == []


@pytest.mark.parametrize(
    ("note", "day", "started"),
    [
        ("EDT record - Sun 15/11 into Mon 16/11. Pawel (11).\n22:40 - call from police.\n"
         "23:15 - arrived with PC Ward. Mum and Pawel present.", date(2026, 11, 15), "23:15"),
        ("EDT Sun 15 Nov. Pawel.\n23:05 call from the paediatric registrar.\n23.50 arrived on "
         "the ward with DS Thorne.", date(2026, 11, 15), "23:50"),
    ],
)
def test_a_night_visits_timeline_gives_its_day_and_arrival(draft, note, day, started):
    """Regression: an out-of-hours timeline ("23:15 - arrived", "23.50 arrived") gave no
    time, and the night it opened with ("Sat 3/10 into Sun 4/10") was not the visit's day."""
    result = draft(note)
    assert (result.values("visit_date"), result.values("visit_time")) == ([day], [started])


@pytest.mark.parametrize(
    ("note", "day"),
    [
        ("School visit to Pawel. Attendance is 81%, a TA saw him in town on Tuesday afternoon.",
         None),
        ("DUTY - visit to Pawel at Meadowbank, Saturday 14 November, dictating Monday.",
         "2026-11-14"),
        ("Visit to Pawel at home on Saturday, I am dictating this on Monday.", "2026-11-14"),
    ],
)
def test_the_visit_date_is_not_someone_elses_sighting_or_the_day_of_dictation(draft, note, day):
    """Regression: "a TA saw him in town on Tuesday" dated the visit to Tuesday; "...,
    Saturday 10 October, dictating Monday" dated it to the Monday it was dictated."""
    expected = day or "2026-11-18"
    assert draft(note).prediction()["visit_date"] == expected
