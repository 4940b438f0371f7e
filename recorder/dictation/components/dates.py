"""``recorder_dates``: dates and times said in a dictation, resolved against the day of recording.

A date can point either way: "on Friday" in an action is the coming Friday,
and "on Friday" about the visit is the last one. Each found date keeps both
readings and the component that uses it picks the direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.findings import lexicon_at
from recorder.dictation.phrases import folded

_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[.:h](\d{2}))?(am|pm|a\.m\.|p\.m\.)?(?:hrs|hr|h)?$")
_WEEKS = re.compile(r"^([1-9]|[1-4]\d)/52$")
_PARTS_OF_DAY = {"morning", "afternoon", "evening", "night", "lunchtime", "teatime"}


@dataclass(frozen=True)
class SaidDate:
    start: int
    end: int
    forward: date | None
    """The reading when the date is ahead (an action's due date)."""
    back: date | None
    """The reading when the date is behind (the day of the visit)."""
    relative: bool = False


@dataclass(frozen=True)
class SaidTime:
    start: int
    end: int
    hhmm: str


def said_dates(doc: Doc) -> list[SaidDate]:
    return (doc._.dates or {}).get("dates", [])


def said_times(doc: Doc) -> list[SaidTime]:
    return (doc._.dates or {}).get("times", [])


@Language.factory("recorder_dates", default_config={"folder": ""})
def make_dates(nlp: Language, name: str, folder: str) -> DateFinder:
    return DateFinder(folder)


class DateFinder:
    def __init__(self, folder: str) -> None:
        lex = lexicon_at(folder).dates
        self.weekdays = {w: k for k, w in enumerate(lex["weekdays"])}
        self.weekdays.update({w: k for k, w in enumerate(lex["weekday_short"])})
        self.months = {m: k + 1 for k, m in enumerate(lex["months"])}
        self.months.update({m: k + 1 for k, m in enumerate(lex["month_short"]) if m != "may"})
        self.months.update({f"{m}.": k + 1 for k, m in enumerate(lex["month_short"])
                            if m != "may"})  # "15 Nov." as one word
        for other, full in (lex.get("weekday_other") or {}).items():
            if full in self.weekdays:
                self.weekdays[other] = self.weekdays[full]
        self.needs_context = set((lex.get("needs_context") or {}).get("words", []))
        self.events = set((lex.get("weekday_events") or {}).get("words", []))
        self.numbers = dict(lex["numbers"])
        self.days_from_today = dict(lex["days_from_today"])
        self.unit_days = dict(lex["unit_days"])

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        today = context.recorded_on if context is not None else date.today()
        words = folded(doc)
        dates: list[SaidDate] = []
        times: list[SaidTime] = []
        i = 0
        while i < len(doc):
            found = self._date_at(words, i, today)
            if found:
                dates.append(found)
                i = found.end
                continue
            clock = self._time_at(words, i, after_date=bool(dates) and dates[-1].end == i)
            if clock:
                times.append(clock)
                i = clock.end
                continue
            i += 1
        doc._.dates = {"dates": dates, "times": times}
        return doc

    def _date_at(self, w: list[str], i: int, today: date) -> SaidDate | None:
        n = len(w)
        word = w[i]
        if word in self.days_from_today:
            shift = self.days_from_today[word]
            end = i + 1
            if end < n and w[end] in _PARTS_OF_DAY:
                end += 1
            day = today + timedelta(days=shift)
            return SaidDate(i, end, day, day, relative=True)
        if word in ("this", "tonight") and i + 1 < n and w[i + 1] in _PARTS_OF_DAY:
            return SaidDate(i, i + 2, today, today, relative=True)
        if word == "end" and i + 2 < n and w[i + 1] == "of":
            k = i + 2
            k += 1 if w[k] in ("the", "this") else 0
            nxt = k < n and w[k] == "next"
            k += 1 if nxt else 0
            if k < n and w[k] in ("week", "wk"):
                friday = today + timedelta(days=(4 - today.weekday()) % 7 + (7 if nxt else 0))
                return SaidDate(i, k + 1, friday, None, relative=True)
            if k < n and w[k] in self.months:  # "by the end of October"
                month = self.months[w[k]]
                last = _last_day(today.year + (month < today.month), month)
                return SaidDate(i, k + 1, last, None, relative=True)
            if k < n and w[k] == "month":
                month = today.month + (1 if nxt else 0)
                year = today.year + (month - 1) // 12
                last = _last_day(year, (month - 1) % 12 + 1)
                return SaidDate(i, k + 1, last, None, relative=True)
        weeks = _WEEKS.match(word)
        if weeks:  # "2/52": two weeks, as health and social care write it
            start = i - 1 if i and w[i - 1] == "in" else i
            return SaidDate(start, i + 1, today + timedelta(weeks=int(weeks.group(1))), None,
                            relative=True)
        if word == "the" and i + 3 < n and w[i + 1 : i + 4] == ["day", "after", "tomorrow"]:
            day = today + timedelta(days=2)
            return SaidDate(i, i + 4, day, day, relative=True)
        if word in ("in", "within") and i + 3 < n and w[i + 2] == "working" and (
            w[i + 3] in ("days", "day")
        ):  # "within 10 working days": weekends and bank holidays not counted
            amount = self._amount(w[i + 1])
            if amount is not None:
                day = _add_working_days(today, amount)
                return SaidDate(i, i + 4, day, None, relative=True)
        if word in ("in", "within") and i + 2 < n:
            amount = self._amount(w[i + 1])
            unit = w[i + 2]
            end = i + 3
            if amount is None and w[i + 1] in ("a", "an") and unit in self.unit_days:
                amount = 1
            if amount is not None and unit in self.unit_days:
                if end < n and w[end] in ("time", "'s", "’s"):
                    end += 1
                day = today + timedelta(days=amount * self.unit_days[unit])
                return SaidDate(i, end, day, None, relative=True)
        amount = self._amount(word)
        if (
            amount is not None
            and i + 2 < n
            and w[i + 1] in self.unit_days
            and w[i + 2] in ("'", "time", "’")
        ):
            end = (
                i + 3 if w[i + 2] != "'" else (i + 4 if i + 3 < n and w[i + 3] == "time" else i + 3)
            )
            day = today + timedelta(days=amount * self.unit_days[w[i + 1]])
            return SaidDate(i, end, day, None, relative=True)
        # "a week on Monday", "a fortnight on Friday", "two weeks on Tuesday"
        if i + 3 < n and w[i + 2] == "on" and w[i + 3] in self.weekdays and (
            w[i + 1] in self.unit_days and self.unit_days[w[i + 1]] >= 7
        ):
            amount = 1 if w[i + 1] == "fortnight" else self._amount(word)
            if amount is not None:
                day = self._weekday_at(w, i + 3, today)
                if day is not None and day.forward is not None:
                    ahead = day.forward + timedelta(days=amount * self.unit_days[w[i + 1]])
                    return SaidDate(i, day.end, ahead, None, relative=True)
        if word in ("every", "each") and i + 1 < n and w[i + 1] in self.weekdays:
            return SaidDate(i, i + 2, None, None, relative=True)  # a day it happens, not a date
        return self._weekday_at(w, i, today)

    def _weekday_at(self, w: list[str], i: int, today: date) -> SaidDate | None:
        n = len(w)
        word = w[i]
        start = i
        lead = ""
        if word in ("next", "last", "this", "coming"):
            lead = word
            i += 1
            if i >= n:
                return None
            word = w[i]
        if word in self.weekdays:
            if word in self.needs_context and not lead and not (
                i > 0 and w[i - 1] in ("on", "by", "from", "until", "till", "every", "each")
            ) and not (i + 1 < n and (_ORDINAL.match(w[i + 1]) or _NUMERIC.match(w[i + 1]))):
                return None
            owned = i + 1 < n and w[i + 1] in ("s", "'s", "’s")
            if owned and not lead and i + 2 < n and w[i + 2] in _DATED_EVENTS:
                owned = False  # "at Monday's allocation meeting": that Monday
            if (owned and not lead) or (i + 1 < n and w[i + 1] in self.events):
                return SaidDate(start, i + 2, None, None, relative=True)  # "Friday club"
            weekday = self.weekdays[word]
            end = i + 1

            explicit = None if owned else self._explicit(w, end, today)
            if explicit:
                return SaidDate(start, explicit.end, explicit.forward, explicit.back)
            bare = _ORDINAL.match(w[end]) if end < n else None
            if bare and w[end][-2:].isalpha():  # "Tues 26th"
                day = self._day_only(start, end + 1, int(bare.group(1)), today)
                if day is not None:
                    return day
            if end < n and w[end] in _PARTS_OF_DAY:
                end += 1
            ahead = (weekday - today.weekday()) % 7 or 7
            forward = today + timedelta(days=ahead)
            if lead == "next" and forward.isocalendar()[1] == today.isocalendar()[1]:
                forward += timedelta(days=7)
            back = today - timedelta(days=(today.weekday() - weekday) % 7)
            if lead == "last" and back == today:
                back -= timedelta(days=7)
            if lead == "last":
                forward = None
            if owned:  # "last Tuesday's visit": that Tuesday's
                return SaidDate(start, end + 1, forward, back, relative=True)
            if end < n and w[end] == "week" and not lead:  # "Friday week": a week after Friday
                return SaidDate(start, end + 1, forward + timedelta(days=7), None, relative=True)
            if w[end : end + 2] in (["next", "week"], ["next", "wk"]) and not lead:
                # "on Thursday next week": that day in next week, not this one
                if forward.isocalendar()[1] == today.isocalendar()[1]:
                    forward += timedelta(days=7)
                return SaidDate(start, end + 2, forward, None, relative=True)
            return SaidDate(start, end, forward, back, relative=True)
        if lead:
            return None
        return self._explicit(w, i, today)

    def _explicit(self, w: list[str], i: int, today: date) -> SaidDate | None:
        n = len(w)
        if i >= n:
            return None
        start = i
        if w[i] == "the" and i + 1 < n and _ORDINAL.match(w[i + 1]) and w[i + 1][-2:].isalpha():
            day = int(_ORDINAL.match(w[i + 1]).group(1))
            end = i + 2
            if w[end : end + 3] == ["of", "next", "month"]:  # "the 3rd of next month"
                year, month = (today.year + 1, 1) if today.month == 12 else (
                    today.year, today.month + 1)
                try:
                    return SaidDate(start, end + 3, date(year, month, day), None)
                except ValueError:
                    return None
            if end + 1 < n and w[end] == "of" and w[end + 1] in self.months:
                return self._day_month(start, end + 2, day, self.months[w[end + 1]], w, today)
            if end < n and w[end] in self.months:
                return self._day_month(start, end + 1, day, self.months[w[end]], w, today)
            if end < n and w[end] in ("instant", "inst", "inst.", "ultimo", "ult", "ult."):
                # a formal report's "the 12th instant" (this month), "the 30th ultimo" (last)
                last = w[end].startswith("ult")
                month = _month_before(today) if last else today.replace(day=1)
                try:
                    d = month.replace(day=day)
                except ValueError:
                    return None
                return SaidDate(start, end + 1, None if last else d, d)
            return self._day_only(start, end, day, today)
        m = _NUMERIC.match(w[i])
        if m and not m.group(3) and "." in w[i] and len(m.group(2)) == 2 and i > 0 and (
            w[i - 1] in ("at", "@", "arrived", "arr", "approx", "approx.", "about", "around",
                         "started", "ended", "left", "visit")
        ):
            return None  # "seen on ward 7 at 10.05": a time, not the 10th of May
        if m:
            day, month = int(m.group(1)), int(m.group(2))
            year = m.group(3)
            if year:
                year = int(year) + (2000 if len(year) == 2 else 0)
                try:
                    d = date(year, month, day)
                except ValueError:
                    return None
                return SaidDate(start, i + 1, d, d)
            return self._resolve(start, i + 1, day, month, today)
        m = _ORDINAL.match(w[i])
        if m:
            day = int(m.group(1))
            end = i + 1
            if end < n and w[end] in ("st", "nd", "rd", "th"):
                end += 1
            if end < n and w[end] == "of":
                end += 1
            if end < n and w[end] in self.months:
                return self._day_month(start, end + 1, day, self.months[w[end]], w, today)
            return None
        if w[i] in self.months and i + 1 < n:
            m = _ORDINAL.match(w[i + 1])
            if m:
                end = i + 2
                if end < n and w[end] in ("st", "nd", "rd", "th"):
                    end += 1
                return self._day_month(start, end, int(m.group(1)), self.months[w[i]], w, today)
        return None

    def _day_month(self, start, end, day, month, w, today) -> SaidDate | None:
        if end < len(w) and re.fullmatch(r"20\d\d", w[end]):
            try:
                d = date(int(w[end]), month, day)
            except ValueError:
                return None
            return SaidDate(start, end + 1, d, d)
        return self._resolve(start, end, day, month, today)

    def _resolve(self, start, end, day, month, today) -> SaidDate | None:
        try:
            this_year = date(today.year, month, day)
        except ValueError:
            return None
        forward = this_year if this_year >= today else _year_shift(this_year, 1)
        back = this_year if this_year <= today else _year_shift(this_year, -1)
        return SaidDate(start, end, forward, back)

    def _day_only(self, start, end, day, today) -> SaidDate | None:
        def on(year: int, month: int) -> date | None:
            try:
                return date(year, month, day)
            except ValueError:
                return None

        forward = on(today.year, today.month)
        if forward is None or forward < today:
            nxt = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
            forward = on(nxt.year, nxt.month)
        back = on(today.year, today.month)
        if back is None or back > today:
            prev = _month_before(today)
            back = on(prev.year, prev.month)
        return SaidDate(start, end, forward, back)

    def _spoken_time(self, w: list[str], i: int) -> SaidTime | None:
        """ "half past four", "quarter to five", "twenty past six in the evening", "4 o'clock"."""
        n = len(w)
        minutes = _MINUTES.get(w[i])
        hour = None
        end = i
        if minutes is not None and i + 2 < n and w[i + 1] in ("past", "to"):
            hour = _HOURS.get(w[i + 2], self.numbers.get(w[i + 2]))
            if hour is None or not 1 <= hour <= 12:
                return None
            if w[i + 1] == "to":
                minutes, hour = 60 - minutes, hour - 1 or 12
            end = i + 3
        elif i and w[i - 1] in _TIME_LEADS and w[i] in _HOUR_WORDS and _minute_words(w, i + 1):
            # "at twelve thirty", "about four forty-five"
            minutes, end = _minute_words(w, i + 1)
            hour = _HOUR_WORDS[w[i]]
        elif i + 1 < n and (w[i + 1] in ("o'clock", "oclock")
                            or w[i + 1 : i + 3] == ["o", "clock"]):
            hour = _HOURS.get(w[i], self.numbers.get(w[i]))
            if hour is None or not 1 <= hour <= 12:
                return None
            minutes, end = 0, i + (2 if w[i + 1] != "o" else 3)
        elif w[i] in _HOURS and (_part_of_day(w, i + 1) or (
            i + 2 < n and len(w[i + 1]) == 2 and w[i + 1].isdigit() and int(w[i + 1]) < 60
            and (_part_of_day(w, i + 2) or w[i + 2] in ("am", "pm"))
        )):  # "5 in evening", "7 45 in morning", "5 15 pm": speech software's numbers
            hour = _HOURS[w[i]]
            minutes, end = (0, i + 1) if _part_of_day(w, i + 1) else (int(w[i + 1]), i + 2)
        else:
            return None
        suffix = ""
        part = _part_of_day(w, end)
        if part:
            suffix, end = part
            if suffix == "night":
                suffix = "am" if hour <= 5 or hour == 12 else "pm"
        elif end < n and w[end] in ("am", "pm"):
            suffix, end = w[end], end + 1
        return SaidTime(i, end, _clock(hour, minutes, suffix))

    def _amount(self, word: str) -> int | None:
        if word.isdigit() and len(word) <= 2:
            return int(word)
        return self.numbers.get(word)

    def _time_at(self, w: list[str], i: int, after_date: bool = False) -> SaidTime | None:
        n = len(w)
        word = w[i]
        rough = _roughly_said(word)
        if rough:  # "got there 2ish", "at 11ish", "4:30ish": the hour or clock it is near
            m = _CLOCK.match(rough)
            if m and not m.group(3) and 1 <= int(m.group(1)) <= 12:
                return SaidTime(i, i + 1, _clock(int(m.group(1)), int(m.group(2) or 0), ""))
            return self._time_at([*w[:i], rough, *w[i + 1:]], i, after_date)
        if word in ("noon", "midday"):
            return SaidTime(i, i + 1, "12:00")
        spoken = self._spoken_time(w, i)
        if spoken:
            return spoken
        nxt = (_roughly_said(w[i + 1]) or w[i + 1]) if i + 1 < n else ""
        if word == "half" and nxt in self.numbers | _HOURS:
            hour = _HOURS.get(nxt, self.numbers.get(nxt))
            if hour and 1 <= hour <= 12 and not (i + 2 < n and w[i + 2] in ("an", "a")):
                return SaidTime(i, i + 2, _clock(hour, 30, ""))
        before = w[i - 1] if i > 0 else ""
        m = _TWENTY_FOUR.match(word)
        after = w[i + 1] if i + 1 < n else ""
        if m and (before in _TIME_LEADS or after_date or after in _TIME_AFTER
                  or word[0] == "0" or word.endswith("h") or word.endswith("hrs")
                  or (before in _TIME_MARKS and after in _TIME_MARKS)):
            # "1600", "0930hrs", "arr 1610", "1630 start", "0750", "yday 12/11 1930", a terse note's
            # opening line, "cp visit - kai, clifton. 1715" (a time between marks)
            end = i + 2 if after in ("hrs", "hours", "h") else i + 1
            return SaidTime(i, end, f"{int(m.group(1)):02d}:{m.group(2)}")
        hour = _HOURS.get(word, self.numbers.get(word) if word not in ("a", "an") else None)
        if hour and before in _ROUGHLY and 1 <= hour <= 12:  # "just after four", "about six"
            if not after or not after[:1].isalpha() or after in _AFTER_HOUR:
                return SaidTime(i - 1, i + 1, _clock(hour, 0, ""))
        m = _CLOCK.match(word)
        if not m:
            return None
        hour, minute, suffix = int(m.group(1)), int(m.group(2) or 0), m.group(3) or ""
        if not suffix and len(m.group(1)) == 2 and m.group(1)[0] == "0" and m.group(2):
            return SaidTime(i, i + 1, f"{hour:02d}:{minute:02d}")  # "03:20": the small hours
        end = i + 1
        if not suffix and end < n and w[end] in ("am", "pm", "a.m.", "p.m."):
            suffix = w[end]
            end += 1
        if not suffix and m.group(2) is None:
            return None
        if hour > 23 or minute > 59 or (suffix and not 1 <= hour <= 12):
            return None
        if not suffix and m.group(2) is not None and "." in word and hour > 12 and (
            before not in _TIME_LEADS and before not in ("(", ":", "\n", "\n\n")
        ):
            return None  # "16.20" is money or a score, unless "arr 15.35", "(16.20)"
        return SaidTime(i, end, _clock(hour, minute, suffix))


def _last_day(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _month_before(day: date) -> date:
    """The first of the month before ``day``'s."""
    return date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)


def _roughly_said(word: str) -> str:
    """The time in "2ish", "11ish", "4:30ish", "2pmish"; "" for any other word."""
    if len(word) > 3 and word.endswith("ish") and word[0].isdigit() and _CLOCK.match(word[:-3]):
        return word[:-3]
    return ""


_DATED_EVENTS = {"meeting", "review", "conference", "visit", "appointment", "allocation",
                 "strat", "strategy", "session", "hearing", "court", "core", "panel", "lac",
                 "cla", "cp", "cin", "interview"}
"""After a weekday's "'s", words for a one-off event on that day ("Monday's strategy
meeting"), unlike a club that meets every week ("Friday's club")."""


_HOURS = {str(h): h for h in range(1, 13)}
_TWENTY_FOUR = re.compile(r"^([01]\d|2[0-3])([0-5]\d)(?:hrs|h)?$")
_TIME_LEADS = {"at", "@", "arrived", "arr", "arrd", "arriving", "visit", "from", "approx",
               "approx.", "approximately", "about", "around", "by", "until", "till", "after",
               "before", "circa", "c.", "started", "ended", "left"}
_TIME_AFTER = {"hrs", "hours", "h", "start", "arr", "arrived", "arrival"}
_TIME_MARKS = {"", ",", ".", "-", "–", "—", ";", "(", ")", "\n", "\n\n"}
_ROUGHLY = {"after", "about", "around", "round", "approx", "approximately", "at", "@", "before",
            "gone", "roughly", "nearly", "till", "until"}
_AFTER_HOUR = {"this", "that", "in", "on", "and", "with", "when",
               "so", "but", "yesterday", "today", "tonight", "tomorrow", "we", "i", "as", "for",
               "after", "before", "then", "to"}
_HOUR_WORDS = {w: k + 1 for k, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _minute_words(w: list[str], k: int) -> tuple[int, int] | None:
    """Minutes said after an hour, and where they end: "thirty", "forty-five", "forty five",
    "ten", "fifteen"."""
    if k >= len(w):
        return None
    if w[k] in ("ten", "fifteen"):
        return (10 if w[k] == "ten" else 15), k + 1
    tens = _TENS.get(w[k])
    if tens is None:
        return None
    j = k + 2 if k + 2 < len(w) and w[k + 1] == "-" else k + 1
    if j < len(w) and w[j] == "five":
        return tens + 5, j + 1
    return tens, k + 1
_MINUTES = {"five": 5, "ten": 10, "quarter": 15, "twenty": 20, "twenty-five": 25, "half": 30}


def _add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start`` in England; weekends only for years whose
    bank holidays are not known yet."""
    from recorder.domain.dates import HolidaysNotKnown
    from recorder.reference.bank_holidays import working_calendar

    try:
        return working_calendar().add_working_days(start, days)
    except HolidaysNotKnown:
        d = start
        while days:
            d += timedelta(days=1)
            days -= d.weekday() < 5
        return d


def _part_of_day(w: list[str], k: int) -> tuple[str, int] | None:
    """ "in the evening", "in evening", "in morning": am or pm (or night), and where the
    words end."""
    if k < len(w) and w[k] == "in":
        j = k + 2 if k + 1 < len(w) and w[k + 1] == "the" else k + 1
        if j < len(w) and w[j] in ("morning", "afternoon", "evening", "night"):
            return {"morning": "am", "night": "night"}.get(w[j], "pm"), j + 1
    return None


def _clock(hour: int, minute: int, suffix: str) -> str:
    suffix = suffix.replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    elif not suffix and 1 <= hour <= 7:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _year_shift(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)
