"""How the store holds up at the size of a whole local authority's registry.

Builds a synthetic registry in a new SQLite file through ``Store.open`` (so the
real schema, change-log triggers and search indexes all do their work), then
times the three reads a practitioner waits on most: finding a person by name,
opening a child, and opening a worker's caseload.

    python benchmarks/store_scale.py                      # 100k people, 500k records
    python benchmarks/store_scale.py --people 5000 --households 2000 --records 20000
    python benchmarks/store_scale.py --keep /tmp/big.db   # keep the database afterwards
    python benchmarks/store_scale.py --db /tmp/big.db     # measure a kept database again

A kept database is encrypted under a new key, written beside it as ``PATH.key``
(readable by its owner only); ``--db PATH`` reads the key from there.

Then it opens the team manager's own window (the real ``MainWindow``, off
screen) on the database and reports how long after the window the team
caseload, the team view and the list waiting for approval show, the longest
time the GUI thread went without handling events (a probe timer fires every
10 ms on it), and how many lists refreshed after another window saved a
record's text (an autosave). Run it at 10,000 and at 50,000 people.

Everything is fictional and generated from ``random.Random(7)``, so two runs
build the same people, cases and records (dates follow today's date). Progress
goes to stderr; the figures go to stdout, one ``name: value`` line each. The
script only reports: it asserts nothing about how fast anything should be.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recorder.caseload import caseload_entries, read_team  # noqa: E402
from recorder.domain.cases import Case, CaseType  # noqa: E402
from recorder.domain.people import Household, HouseholdMember, Person, Relationship  # noqa: E402
from recorder.domain.professionals import Involvement, Professional  # noqa: E402
from recorder.domain.records import Record, RecordStatus  # noqa: E402
from recorder.domain.users import Role, User  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.store import Store  # noqa: E402
from recorder.store.engine import new_key  # noqa: E402

T = TypeVar("T")

SEED = 7
VISIT_FORMS = ["home_visit", "cp_visit", "cic_visit"]
WARM_UP = 20
CASELOAD_REPEATS = 50
REALISTIC_CASELOAD = 12
SHARE_OF_PEOPLE_WITH_A_CASE = 0.3  # 30,000 of 100,000 by default
WORKERS = 8  # besides the worker with a realistic caseload
PROFESSIONALS = 300
CHUNK = 2_500

# --------------------------------------------------------------------------------------
# Names: small lists and syllables per naming tradition, combined at random.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tradition:
    weight: int
    female: tuple[str, ...]
    male: tuple[str, ...]
    roots: tuple[str, ...]
    endings: tuple[str, ...]
    language: str
    ethnicity: str
    whole_surnames: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    female_ending: dict[str, str] = field(default_factory=dict)
    given_syllables: tuple[str, ...] = ()  # given names made of two of these (Vietnamese ...)


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TRADITIONS = [
    Tradition(
        weight=30,
        female=_t(
            "Freya Evie Sophie Grace Niamh Aoife Chloé Zoë "
            "Ruby Daisy Megan Bethan Ffion Orla Eimear Síle Caitlín Rosie Millie Esmé"
        ),
        male=_t(
            "Oliver Harry George Charlie Rhys Dylan Seán Ciarán Éamon "
            "Callum Lewis Finley Darragh Tadhg Rory Owain Iestyn Kai Reece"
        ),
        roots=_t(
            "Ash Black Brad Crow Dun Fair Fern Hol Kings Lang Mar North Oak Pen "
            "Red Shel Thorn Whit Bran Cal Hay Kirk Lock Mill Stan Wynd"
        ),
        endings=_t(
            "ley ford worth ton field wood by well more son ham croft bury stone ridge hurst"
        ),
        whole_surnames=_t(
            "O'Neill O'Brien O'Sullivan O'Driscoll McKenna MacLeod McAllister Ó_Súilleabháin "
            "Mac_Giolla Ní_Bhriain Ap_Rhys Llewellyn Pryce-Jones Ashworth-Kaya"
        ),
        language="English",
        ethnicity="White - English, Welsh, Scottish, Northern Irish or British",
    ),
    Tradition(
        weight=8,
        female=_t("Małgorzata Łucja Wiktoria Oliwia Zuzanna Jadwiga Bożena Kasia"),
        male=_t("Bartłomiej Łukasz Wojciech Michał Mikołaj Grzegorz Zbigniew"),
        roots=_t(
            "Wój Kowal Szyman Zieliń Dąbrow Woź Krawczy Grabow Pawłow Jabłoń Wróbl Błasz "
            "Ślusar Żuraw Przyby Kamiń Gór Sikor Stęp"
        ),
        endings=_t("ski czyk ak ewicz owski ik cik niak"),
        female_ending={"ski": "ska", "owski": "owska"},
        language="Polish",
        ethnicity="White - Any other White background",
    ),
    Tradition(
        weight=4,
        female=_t("Kateřina Tereza Zdeňka Anežka Réka Zsófia Eliška Lenka Dóra Ágnes"),
        male=_t("Matěj Jiří Tomáš Ondřej Zoltán Ádám Radek Přemysl Bálint Gergő"),
        roots=_t("Novot Dvoř Horv Svob Čern Procház Kučer Vesel Růž Havl Szab Kovác Tót"),
        endings=_t("ák ý íček ka áth ek ó ács ný"),
        female_ending={"ák": "áková", "ý": "á", "ek": "ková", "áth": "áthová"},
        language="Czech",
        ethnicity="White - Any other White background",
    ),
    Tradition(
        weight=5,
        female=_t("Elif Zeynep Büşra Gülşen Şule Özlem İpek Nurşen Çiğdem"),
        male=_t("Mehmet Mustafa Yiğit Çağrı Ömer Ertuğrul Barış İsmail Murat Doğan"),
        roots=_t("Yıl Kar Öz Çel Şa Ak Doğ Kılı Güne Tür Aydı Koç Ars"),
        endings=_t("maz dız türk ik han kaya soy oğlu çelik er lan"),
        language="Turkish",
        ethnicity="White - Any other White background",
    ),
    Tradition(
        weight=6,
        female=_t("Beatriz Inês Conceição María Lucía Begoña Joana Leonor Adélia Mónica"),
        male=_t("João Tiago Gonçalo José Martín Íñigo Sebastião Rúben Andrés Jesús"),
        roots=_t("Gonç Fern Rodr Mart Sánch Pér Ribe Ferr Carv Agu Moreir Nogu"),
        endings=_t("alves andes igues ínez ez eira ão ilar eda ado"),
        particles=("da ", "de ", "dos "),
        language="Portuguese",
        ethnicity="White - Any other White background",
    ),
    Tradition(
        weight=4,
        female=(),
        male=(),
        roots=(),
        endings=(),
        whole_surnames=_t(
            "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh"
        ),
        given_syllables=_t(
            "Thị Văn Ngọc Minh Thanh Hoàng Đức Quốc Bảo Lan Hương Linh Anh Hải Tuấn Dũng "
            "Phương Trang Thảo Khánh Hùng Quỳnh Việt"
        ),
        language="Vietnamese",
        ethnicity="Asian or Asian British - Any other Asian background",
    ),
    Tradition(
        weight=8,
        female=_t("Adaeze Chiamaka Folasade Ama Aminata Fatoumata Ọláolúwa Yéwándé Chidinma Efua"),
        male=_t("Chukwuemeka Olúwáṣeun Babajide Ikechukwu Mamadou Adébáyọ̀ Tèmítọ́pẹ́ Sekou"),
        roots=_t("O A Ba Oka Nwa Asa Ọla Ije Ako"),
        endings=_t("kafor deyemi tunde nkwo mensah ogun fọlábí bánjọ chukwu sanya wole mah"),
        whole_surnames=_t("Conteh Kamara Bangura Sesay Diallo"),
        language="Yoruba",
        ethnicity="Black, Black British, Caribbean or African - African",
    ),
    Tradition(
        weight=9,
        female=_t("Fatima Simran Nusrat Zainab Anjali"),
        male=_t("Mohammed Abdul Hamza Ishaan Tariq"),
        roots=_t("Pat Sha Kha Ahm Hus Rah Sid Mal Sand Bha Deso"),
        endings=_t("el h n udhry ed sain man diqui hotra hu tti ai"),
        language="Urdu",
        ethnicity="Asian or Asian British - Pakistani",
    ),
    Tradition(
        weight=3,
        female=_t("Åsa Sigrún Björk Jördis Lærke Grete Sølvi Ingrid"),
        male=_t("Søren Øystein Jürgen Björn Þórir Håkon Æsir Jörg"),
        roots=_t("Ber Lind Ås Sø Dahl Nør Müll Schrö Grø Strøm Haug Strau Weiß"),
        endings=_t("gström qvist rensen berg gaard er der land sen mann ß"),
        language="Norwegian",
        ethnicity="White - Any other White background",
    ),
    Tradition(
        weight=5,
        female=_t("Олена Наталія Ірина Світлана Анастасія Юлія Оксана Марія"),
        male=_t("Олександр Дмитро Андрій Сергій Богдан Іван Юрій Тарас"),
        roots=_t("Шевчен Коваль Бонда Ткач Кравч Мельни Петрен Савчен Лисен Руден Гончар"),
        endings=_t("ко енко ук ович ов чук ий"),
        language="Ukrainian",
        ethnicity="White - Any other White background",
    ),
    Tradition(
        weight=2,
        female=_t("Ελένη Μαρία Αικατερίνη Σοφία Δήμητρα Ευαγγελία"),
        male=_t("Γιώργος Νίκος Κωνσταντίνος Δημήτρης Ανδρέας Σπύρος"),
        roots=_t("Παπα Γεωργ Νικολ Κωνσταντ Δημητρ Αλεξ Ιωάνν"),
        endings=_t("ίου όπουλος άκης ίδης άτος"),
        language="Greek",
        ethnicity="White - Any other White background",
    ),
    Tradition(
        weight=3,
        female=_t("فاطمة مريم زينب نور ليلى هدى"),
        male=_t("محمد أحمد يوسف عمر خالد إبراهيم"),
        roots=_t("حسن أمين شريف نجار حداد خطيب سيد"),
        endings=("", "ي", "ان"),
        particles=("ال",),
        language="Arabic",
        ethnicity="Other ethnic group - Arab",
    ),
    Tradition(
        weight=3,
        female=(),
        male=(),
        roots=(),
        endings=(),
        whole_surnames=_t("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱"),
        given_syllables=_t("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 华 玲 欣 宇 浩"),
        language="Mandarin",
        ethnicity="Asian or Asian British - Chinese",
    ),
]

TOWNS = _t("Northbridge Kestrel_Vale Brindle Castlegate Fernhill Marbury Ashcombe Linwood")
STREETS = _t(
    "Kiln Mill Chapel Station Victoria Albert Church Orchard Quarry Tannery Weaver "
    "Foundry Cooper Linden Rowan Hazel Willow"
)
STREET_KINDS = _t("Street Close Avenue Terrace Court Way")
SUBJECTS = _t("art maths science football reading music drama PE computing")


class Namer:
    """People's names, drawn from one tradition per family."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def tradition(self) -> Tradition:
        return self.rng.choices(TRADITIONS, weights=[t.weight for t in TRADITIONS])[0]

    def surname(self, t: Tradition, female: bool) -> str:
        rng = self.rng
        if t.whole_surnames and (not t.roots or rng.random() < 0.25):
            return rng.choice(t.whole_surnames).replace("_", " ")
        ending = rng.choice(t.endings)
        if female:
            ending = t.female_ending.get(ending, ending)
        name = rng.choice(t.roots) + ending
        if t.particles and rng.random() < 0.2:  # "da Silva", "الحسن"
            name = rng.choice(t.particles) + name
        return name

    def given(self, t: Tradition, female: bool) -> str:
        rng = self.rng
        if t.given_syllables:
            if t.language == "Mandarin":  # two characters, written together
                return "".join(rng.sample(t.given_syllables, 2))
            if rng.random() < 0.5:  # Vietnamese: often two words
                return " ".join(rng.sample(t.given_syllables, 2))
            return rng.choice(t.given_syllables)
        names = t.female if female else t.male
        name = rng.choice(names)
        if rng.random() < 0.04:
            name = f"{name}-{rng.choice(names)}"
        return name


# --------------------------------------------------------------------------------------
# Record text: a few sentences from a stock of plausible, generic phrases.
# --------------------------------------------------------------------------------------

OBSERVATIONS = [
    "{child} was at home with {carer} when I arrived and was happy to show me {pos} bedroom.",
    "The home was warm, clean and reasonably tidy; there was food in the fridge and cupboards.",
    "{carer} said the last fortnight had been calmer and that {child} is sleeping better.",
    "{child} talked about school and said {pron} likes {subject} best.",
    "I saw {child} alone in {pos} room; {pron} was relaxed and chatty throughout.",
    "There were several empty cans in the kitchen and {carer} seemed tired and distracted.",
    "{carer} has kept every appointment at the Family Hub and finds the parenting group helpful.",
    "The landlord has still not repaired the damp in the back bedroom despite two reminders.",
    "{child}'s attendance this half term is {attendance}%, which school describe as improving.",
    "{carer} became upset when we discussed the incident last month and asked for a short break.",
    "{child} was playing with a younger sibling and shared toys without being asked.",
    "The kitchen had little food in and {carer} said money has been very tight this month.",
    "{carer} described a good routine in the mornings and showed me the new school uniform.",
    "{child} appeared well cared for, appropriately dressed and in good spirits.",
    "{carer} spoke openly about feeling low and agreed to make a GP appointment this week.",
    "The bedroom {child} shares is small but clean, with a bunk bed and a shelf of books.",
]
CHILD_VOICE = [
    "{child} said: 'I like it when {carer_first} reads to me at bedtime.'",
    "{child} told me {pron} worries about {carer_first} when there is shouting at night.",
    "{child} said {pron} would like to see {pos} dad more often, 'maybe every weekend'.",
    "{child} drew a picture of {pos} house and put everyone in it, including the dog.",
    "{child} said school is 'alright' but {pron} does not like lunchtimes.",
    "{child} said {pron} feels safe at home and named {carer_first} as the person {pron} trusts.",
    "{child} did not want to talk today and said 'everything is fine'.",
    "{child} said the best thing this week was going swimming with {pos} cousins.",
]
ACTIONS = [
    "Book a review meeting with school about {child}'s attendance.",
    "Chase the landlord in writing about the repairs.",
    "Refer {carer} to the Family Hub's parenting course.",
    "Share this visit's notes with the health visitor.",
    "Ask the GP for an update on {child}'s referral.",
    "Arrange direct work sessions with {child} about worries at home.",
    "Apply to the hardship fund for a bed and bedding for {child}.",
    "Confirm family time arrangements with {carer} before the review.",
]
WHO = ("worker", "carer", "school", "health visitor", "family")


def record_values(
    rng: random.Random, form_id: str, visit: date, child: Person, carer: Person
) -> dict[str, Any]:
    female = child.gender == "Female"
    words = {
        "child": child.known_as or child.first_name,
        "carer": f"{carer.first_name} {carer.last_name}",
        "carer_first": carer.first_name,
        "pron": "she" if female else "he",
        "pos": "her" if female else "his",
        "subject": rng.choice(SUBJECTS),
        "attendance": rng.randint(71, 99),
    }
    values: dict[str, Any] = {
        "visit_date": visit.isoformat(),
        "visit_time": f"{rng.randint(9, 18):02d}:{rng.choice((0, 15, 30, 45)):02d}",
        "visit_type": "planned" if rng.random() < 0.85 else "unannounced",
        "child_seen": rng.random() < 0.95,
        "observations": " ".join(s.format(**words) for s in rng.sample(OBSERVATIONS, 4)),
        "child_voice": " ".join(s.format(**words) for s in rng.sample(CHILD_VOICE, 2)),
        "actions": [
            {
                "what": a.format(**words),
                "who": rng.choice(WHO),
                "by_when": (visit + timedelta(days=rng.randint(5, 28))).isoformat(),
            }
            for a in rng.sample(ACTIONS, rng.randint(1, 3))
        ],
    }
    if form_id == "cic_visit":
        values["placement"] = f"Foster placement with {carer.first_name} {carer.last_name}"
    return values


# --------------------------------------------------------------------------------------
# Building the registry
# --------------------------------------------------------------------------------------


class Progress:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def say(self, message: str) -> None:
        print(f"[{self.elapsed():8.1f}s] {message}", file=sys.stderr, flush=True)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(
    store: Store, repository: Any, items: Iterable[Any], what: str, total: int, progress: Progress
) -> None:
    done = 0
    for batch in chunks(items, CHUNK):
        with store.transaction():
            repository.add_all(batch)
        done += len(batch)
        progress.say(f"{what}: {done:,}/{total:,}")


@dataclass
class Registry:
    """What the benchmark needs to remember about the data it wrote."""

    people: list[Person]
    children_with_cases: list[str]
    realistic_worker: str
    busy_worker: str
    records: int


def new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [9, 9, 9] + [rng.randint(0, 9) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def build(
    store: Store, *, people: int, households: int, records: int, today: date, progress: Progress
) -> Registry:
    rng = random.Random(SEED)
    namer = Namer(rng)

    # Users: a team manager, business support and social workers, one with a realistic caseload.
    british = TRADITIONS[0]
    users = [
        User(
            name=f"{namer.given(british, i % 2 == 0)} {namer.surname(british, i % 2 == 0)}",
            role=role,
            id=new_id(rng),
        )
        for i, role in enumerate(
            [Role.TEAM_MANAGER, Role.BUSINESS_SUPPORT] + [Role.SOCIAL_WORKER] * (WORKERS + 1)
        )
    ]
    store.users.add_first_manager(users[0], "benchmark-password")
    store.sign_in(users[0].id)
    store.users.add_all(users[1:])
    workers = [u.id for u in users if u.role is Role.SOCIAL_WORKER]
    realistic_worker, busy_workers = workers[0], workers[1:]

    professionals = [
        Professional(
            name=f"{namer.given(british, i % 2 == 0)} {namer.surname(british, i % 2 == 0)}",
            role=rng.choice(
                (
                    "GP",
                    "Teacher",
                    "Health visitor",
                    "School nurse",
                    "Police officer",
                    "Designated safeguarding lead",
                    "Youth worker",
                    "Psychologist",
                )
            ),
            agency=rng.choice(TOWNS).replace("_", " ")
            + " "
            + rng.choice(("Surgery", "Academy", "Primary School", "Family Hub")),
            id=new_id(rng),
        )
        for i in range(PROFESSIONALS)
    ]
    store.professionals.add_all(professionals)

    # Households and the people in them: one or two adults, then children.
    sizes = [1] * households
    for _ in range(max(0, people - households)):
        sizes[rng.randrange(households)] += 1
    homes: list[Household] = []
    everyone: list[Person] = []
    members: list[HouseholdMember] = []
    relationships: list[Relationship] = []
    children: list[tuple[Person, Person]] = []  # (child, main carer)
    adults: list[Person] = []
    for size in sizes:
        t = namer.tradition()
        family_name = namer.surname(t, False)
        home = Household(
            name=f"{family_name} household",
            address_line1=f"{rng.randint(1, 240)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}",
            town=rng.choice(TOWNS).replace("_", " "),
            postcode=f"NB{rng.randint(1, 19)} {rng.randint(1, 9)}"
            + "".join(rng.choices("ABDEFGHJLNPQRSTUWXYZ", k=2)),
            phone=f"01632 9{rng.randint(0, 99999):05d}",
            id=new_id(rng),
        )
        homes.append(home)
        n_adults = 1 if size <= 2 else 2
        household_adults: list[Person] = []
        household_children: list[Person] = []
        for i in range(size):
            adult = i < n_adults
            female = rng.random() < (0.75 if adult and i == 0 else 0.5)
            if adult:
                last = family_name if rng.random() < 0.7 else namer.surname(t, female)
                born = random_date(rng, date(1955, 1, 1), date(2003, 12, 31))
            else:
                last = (
                    family_name
                    if rng.random() < 0.85
                    else (f"{family_name}-{namer.surname(namer.tradition(), female)}")
                )
                born = random_date(rng, today - timedelta(days=17 * 365), today)
            first = namer.given(t, female)
            person = Person(
                first_name=first,
                middle_names=namer.given(t, female) if rng.random() < 0.3 else "",
                last_name=last,
                known_as=first[: rng.randint(3, 4)]
                if rng.random() < 0.05 and len(first) > 5
                else "",
                date_of_birth=born,
                gender="Female" if female else "Male",
                ethnicity=t.ethnicity,
                first_language=t.language if rng.random() < 0.6 else "English",
                interpreter_needed=adult and t.language != "English" and rng.random() < 0.2,
                nhs_number=nhs_number(rng) if rng.random() < 0.8 else "",
                phone=f"07700 900{rng.randint(0, 999):03d}" if adult else "",
                id=new_id(rng),
            )
            everyone.append(person)
            (household_adults if adult else household_children).append(person)
            members.append(
                HouseholdMember(
                    household_id=home.id,
                    person_id=person.id,
                    start_date=random_date(rng, max(born, today - timedelta(days=20 * 365)), today)
                    if rng.random() < 0.5
                    else None,
                    id=new_id(rng),
                )
            )
        adults.extend(household_adults)
        if len(household_adults) == 2:
            relationships.append(
                Relationship(household_adults[0].id, "partner", household_adults[1].id, new_id(rng))
            )
        for child in household_children:
            for adult in household_adults:
                kind = "mother" if adult.gender == "Female" else "father"
                relationships.append(Relationship(adult.id, kind, child.id, new_id(rng)))
            children.append((child, household_adults[0]))
        for a, b in zip(household_children, household_children[1:], strict=False):
            relationships.append(Relationship(a.id, "sibling", b.id, new_id(rng)))

    # Some people moved: an earlier, ended membership of another household.
    for person in rng.sample(everyone, len(everyone) // 20):
        end = random_date(rng, today - timedelta(days=5 * 365), today - timedelta(days=30))
        members.append(
            HouseholdMember(
                household_id=rng.choice(homes).id,
                person_id=person.id,
                start_date=end - timedelta(days=rng.randint(60, 2000)),
                end_date=end,
                id=new_id(rng),
            )
        )
    # Wider family living elsewhere: grandparents, aunts and uncles.
    for child, _ in rng.sample(children, len(children) // 5):
        relative = rng.choice(adults)
        if relative.id == child.id:
            continue
        female = relative.gender == "Female"
        kind = rng.choice(("grandmother", "aunt") if female else ("grandfather", "uncle"))
        relationships.append(Relationship(relative.id, kind, child.id, new_id(rng)))

    progress.say(
        f"generated {len(homes):,} households, {len(everyone):,} people, "
        f"{len(members):,} memberships, {len(relationships):,} relationships"
    )
    insert(store, store.households, homes, "households", len(homes), progress)
    insert(store, store.people, everyone, "people", len(everyone), progress)
    insert(store, store.household_members, members, "memberships", len(members), progress)
    insert(store, store.relationships, relationships, "relationships", len(relationships), progress)
    del homes, members, relationships

    # Cases: about 30% of people, all children; one worker has a realistic twelve.
    n_cases = min(round(people * SHARE_OF_PEOPLE_WITH_A_CASE), len(children))
    with_case = rng.sample(children, n_cases)
    types = list(CaseType)
    cases: list[Case] = []
    case_child: list[tuple[Person, Person]] = []
    for i, (child, carer) in enumerate(with_case):
        case_type = rng.choices(types, weights=[25, 35, 20, 20])[0]
        realistic = i < REALISTIC_CASELOAD
        start = random_date(
            rng,
            max(child.date_of_birth, today - timedelta(days=4 * 365)),
            today - timedelta(days=14),
        )
        closed = not realistic and rng.random() < 0.15 and (today - start).days > 90
        cases.append(
            Case(
                child_id=child.id,
                case_type=case_type,
                worker_id=realistic_worker if realistic else rng.choice(busy_workers),
                start_date=start,
                end_date=random_date(rng, start + timedelta(days=60), today) if closed else None,
                reference=f"{case_type.value[:3].upper()}-{start.year}-{i:05d}",
                id=new_id(rng),
            )
        )
        case_child.append((child, carer))
    involvements = [
        Involvement(
            professional_id=rng.choice(professionals).id,
            child_id=child.id,
            role=rng.choice(("GP", "School", "Health visitor", "CAMHS")),
            start_date=case.start_date,
            id=new_id(rng),
        )
        for case, (child, _) in zip(cases, case_child, strict=True)
        for _ in range(rng.randint(1, 3))
    ]
    insert(store, store.cases, cases, "cases", len(cases), progress)
    insert(store, store.involvements, involvements, "involvements", len(involvements), progress)
    del involvements

    # Records: a skewed number per case, written in the order visits happened.
    weights = [rng.lognormvariate(0, 0.8) for _ in cases]
    total_weight = sum(weights)
    counts = [int(records * w / total_weight) for w in weights]
    for i in rng.sample(range(len(cases)), records - sum(counts)):
        counts[i] += 1
    visits: list[tuple[date, int]] = []
    for i, (case, count) in enumerate(zip(cases, counts, strict=True)):
        last = case.end_date or today
        visits.extend((random_date(rng, case.start_date, last), i) for _ in range(count))
    visits.sort()
    form_for = {
        CaseType.CHILD_PROTECTION: "cp_visit",
        CaseType.CHILD_IN_CARE: "cic_visit",
        CaseType.CHILD_IN_NEED: "home_visit",
        CaseType.EARLY_HELP: "home_visit",
    }

    def make_records() -> Iterator[Record]:
        for visit, i in visits:
            case = cases[i]
            child, carer = case_child[i]
            form_id = form_for[case.case_type] if rng.random() < 0.9 else rng.choice(VISIT_FORMS)
            written = datetime.combine(visit, datetime.min.time(), UTC) + timedelta(
                hours=rng.randint(10, 40), minutes=rng.randint(0, 59)
            )
            age = (today - visit).days
            status = (
                RecordStatus.APPROVED
                if age > 21
                else rng.choice(
                    (RecordStatus.DRAFT, RecordStatus.FINISHED, RecordStatus.WITH_BUSINESS_SUPPORT)
                )
            )
            yield Record(
                case_id=case.id,
                form_id=form_id,
                form_version=1,
                author_id=case.worker_id,
                status=status,
                values=record_values(rng, form_id, visit, child, carer),
                created_at=written,
                updated_at=written + timedelta(days=rng.randint(0, 3)),
                id=new_id(rng),
            )

    insert(store, store.records, make_records(), "records", len(visits), progress)

    busy_worker = max(busy_workers, key=lambda w: sum(c.worker_id == w for c in cases))
    return Registry(
        people=everyone,
        children_with_cases=[c.child_id for c in cases],
        realistic_worker=realistic_worker,
        busy_worker=busy_worker,
        records=len(visits),
    )


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def prefix(rng: random.Random, name: str) -> str:
    word = name.split()[0] if " " in name and rng.random() < 0.5 else name
    return word[: rng.randint(2, 6)]


def name_queries(rng: random.Random, people: list[Person], n: int) -> list[str]:
    """What a practitioner types: the start of a name, often without its accents."""
    queries = []
    for person in rng.sample(people, n):
        roll = rng.random()
        if roll < 0.4:
            text = prefix(rng, person.last_name)
        elif roll < 0.7:
            text = prefix(rng, person.first_name)
        else:
            text = f"{person.first_name} {prefix(rng, person.last_name)}"
        if rng.random() < 0.35:
            text = without_accents(text)
        if rng.random() < 0.3:
            text = text.lower()
        queries.append(text)
    return queries


@dataclass
class Timing:
    samples: list[float]  # milliseconds
    results: list[int]
    labels: list[str]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def slowest(self, k: int = 5) -> list[tuple[float, str, int]]:
        return sorted(zip(self.samples, self.labels, self.results, strict=True), reverse=True)[:k]


def measure(
    call: Callable[[Any], list | Any],
    args: list[Any],
    warm_up: list[Any],
    size: Callable[[Any], int],
    label: Callable[[Any], str] = str,
) -> Timing:
    for a in warm_up:
        call(a)
    timing = Timing([], [], [])
    for a in args:
        start = time.perf_counter()
        result = call(a)
        timing.samples.append((time.perf_counter() - start) * 1000)
        timing.results.append(size(result))
        timing.labels.append(label(a))
    return timing


def report_detail(name: str, timing: Timing, progress: Progress) -> None:
    progress.say(
        f"{name}: {len(timing.samples)} runs, median {timing.median:.2f} ms, "
        f"p95 {timing.p95:.2f} ms, max {max(timing.samples):.2f} ms, "
        f"mean results {statistics.fmean(timing.results):.1f}"
    )
    for ms, label, results in timing.slowest():
        print(f"    {ms:9.2f} ms  {results:5d} results  {label}", file=sys.stderr)


def database_size_mb(store: Store, path: Path) -> float:
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    wal = Path(f"{path}-wal")
    total = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return total / (1024 * 1024)


def team_view(store: Store, today: date) -> list:
    """What the Team view computes: every open case's clock, then each worker's load."""
    reference = load_reference_data()
    return read_team(
        store,
        visit_forms=VISIT_FORMS,
        visits=reference.visits,
        calendar=reference.calendar,
        caps=reference.caps,
        today=today,
    ).workers


def database_key(args: argparse.Namespace) -> bytes | None:
    """The key to build with (kept beside ``--keep PATH`` as ``PATH.key``), or to measure
    a kept database with (read from ``--db PATH``'s ``PATH.key``; none: a plain file)."""
    if args.db:
        kept = args.db.with_name(args.db.name + ".key")
        return kept.read_bytes() if kept.exists() else None
    if args.plain:
        return None
    key = new_key()
    if args.keep:
        kept = args.keep.with_name(args.keep.name + ".key")
        kept.write_bytes(key)
        kept.chmod(0o600)
    return key


def build_database(
    path: Path, args: argparse.Namespace, key: bytes | None, today: date, progress: Progress
) -> Registry:
    progress.say(f"building {path}")
    store = Store.open(path, key=key)
    try:
        # A bigger page cache for the bulk load only; the timed reads below use a
        # fresh connection with the settings the application itself uses.
        store.db.conn.execute("PRAGMA cache_size = -262144")
        return build(
            store,
            people=args.people,
            households=args.households,
            records=args.records,
            today=today,
            progress=progress,
        )
    finally:
        store.close()


def registry_of(store: Store) -> Registry:
    """What the measures need of a database built earlier (``--db``)."""
    people = [
        Person(first_name=r["first_name"], last_name=r["last_name"], id=r["id"])
        for r in store.rows("SELECT id, first_name, last_name FROM people")
    ]
    loads = store.rows(
        "SELECT worker_id, count(*) AS n FROM cases WHERE end_date IS NULL "
        "GROUP BY worker_id ORDER BY n"
    )
    return Registry(
        people=people,
        children_with_cases=[r["child_id"] for r in store.rows("SELECT child_id FROM cases")],
        realistic_worker=next(
            (r["worker_id"] for r in loads if r["n"] == REALISTIC_CASELOAD), loads[0]["worker_id"]
        ),
        busy_worker=loads[-1]["worker_id"],
        records=store.rows("SELECT count(*) AS n FROM records")[0]["n"],
    )


@dataclass
class WindowFigures:
    caseload_ms: float
    """From creating the window to the team caseload's rows in its table."""
    team_ms: float
    approvals_ms: float
    """From creating the window to the list of records waiting for approval."""
    approvals: int
    caseload_rows: int
    longest_stall_ms: float
    """The longest gap between two ticks of a 10 ms timer on the GUI thread."""
    window_built_ms: float
    """Building and showing the window itself (its widgets; no list data yet)."""
    longest_stall_after_window_ms: float
    autosave_refreshes: int
    """Lists reloaded after another window saved a draft's text (its visit unchanged)."""
    autosave_stall_ms: float
    idle_full_walk_ms: float | None
    """The collector's full walk, once the manager stops moving the mouse (None: none due)."""
    idle_stall_ms: float
    """The longest stall in those idle seconds, the full walk included."""


class Hand:
    """A team manager's hand on the mouse: a move over the window every 200 ms.

    The collector saves its one long pass (a walk of every object) for when nobody
    has touched the keyboard or mouse for a while; without a hand the benchmark
    would measure a window nobody is using.
    """

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QTimer

        self.window = window
        self.timer = QTimer()
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._move)
        self._x = 0

    def _move(self) -> None:
        from PySide6.QtCore import QEvent, QPointF, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        self._x = (self._x + 7) % max(1, self.window.width())
        point = QPointF(self._x, self.window.height() / 2)
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            point,
            self.window.mapToGlobal(point),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(self.window, event)

    def start(self) -> None:
        self._move()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


class Probe:
    """A timer on the GUI thread every 10 ms: the longest gap between ticks is the worst stall."""

    def __init__(self, timer_type: Any) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setTimerType(timer_type)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = time.perf_counter()

    def start(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, (now - self._last) * 1000)
        self._last = now

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def still_to_come(window: Any) -> list[Callable[[], bool]]:
    """What the window shows after its lists first appear, each as a test of being done.

    Read by name, with a stand-in where a version of the app has no such thing, so
    the same script measures the window as it was before the lists were staged.
    """
    team = window.team_view
    fitters = [getattr(window, "caseload_rows", None)]
    fitters.append(getattr(window.approval_view, "row_heights", None))
    if hasattr(team, "complete"):
        tests = [lambda: team.complete]
    else:
        tests = [lambda: team.model.rowCount() > 0]
    return tests + [(lambda f=f: not f.busy) for f in fitters if f is not None]


def measure_window(
    path: Path, key: bytes | None, today: date, progress: Progress
) -> WindowFigures:
    """Open the team manager's window on ``path`` the way the app does, and time it."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QApplication

    from recorder.export import load_export_settings
    from recorder.forms.definitions import load_forms
    from recorder.ui.collector import IDLE_S, collect_on_gui_thread
    from recorder.ui.main_window import MainWindow
    from recorder.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    collector = collect_on_gui_thread(app)  # as the app does, before any thread starts

    def wait_until(done: Callable[[], bool], limit_s: float = 600) -> None:
        end = time.perf_counter() + limit_s
        while not done():
            if time.perf_counter() > end:
                raise TimeoutError("the window did not finish loading")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.001)

    def run(work: Callable[[Store], Any]) -> Any:
        box: list[Any] = []
        runner.query(work, box.append)
        wait_until(lambda: bool(box))
        return box[0]

    def settle() -> None:
        """Until every task queued so far, and any they queue in turn, has reported back."""
        for _ in range(3):
            run(lambda store: None)
        end = time.perf_counter() + 0.5  # timers those results started (row fitting)
        wait_until(lambda: time.perf_counter() > end)

    reference = load_reference_data()
    forms = load_forms()
    runner = TaskRunner()
    opened: list[Store] = []
    start = time.perf_counter()
    runner.open(lambda: Store.open(path, key=key), on_done=opened.append)
    wait_until(lambda: bool(opened))
    progress.say(f"opened (and migrated) in {time.perf_counter() - start:.1f}s")

    def sign_in_manager(store: Store) -> User:
        manager = next(u for u in store.users.all() if u.role is Role.TEAM_MANAGER)
        store.sign_in(manager.id)
        return manager

    manager = run(sign_in_manager)
    export_settings = load_export_settings()  # read at start-up, as the app does
    probe = Probe(Qt.TimerType.PreciseTimer)
    shown: dict[str, float] = {}
    probe.start()
    start = time.perf_counter()
    window = MainWindow(
        runner,
        reference=reference,
        forms=forms,
        user=manager,
        today=today,
        export_settings=export_settings,
    )
    window.show()
    # Building the window is the same work whatever the data: said apart from the rest.
    built_ms = (time.perf_counter() - start) * 1000
    building_stall = probe.stop()
    hand = Hand(window)
    hand.start()
    probe.start()

    def mark(name: str) -> Callable[..., None]:
        return lambda *_: shown.setdefault(name, (time.perf_counter() - start) * 1000)

    window.caseload_model.modelReset.connect(mark("caseload"))
    window.team_view.model.modelReset.connect(mark("team"))
    window.approval_view.count_changed.connect(mark("approvals"))
    wait_until(lambda: len(shown) == 3)
    # Then everything else the window asked for (the rest of a long list, the team's
    # visits in timescale, row heights) arrives and is shown, still under the probe.
    settle()
    wait_until(lambda: all(done() for done in still_to_come(window)))
    settle()
    after_window = probe.stop()
    longest = max(building_stall, after_window)
    progress.say(f"window: {shown}, longest GUI stall {longest:.0f} ms")

    # Another window saves a draft's text, as its autosave does: its visit is unchanged.
    draft = run(
        lambda store: store.rows(
            "SELECT id, values_json FROM records WHERE status = 'draft' LIMIT 1"
        )[0]["id"]
    )
    refreshes: list[str] = []
    for name, model in (
        ("caseload", window.caseload_model),
        ("team", window.team_view.model),
        ("approvals", window.approval_view.model),
    ):
        model.modelReset.connect(lambda name=name: refreshes.append(name))
    probe.start()
    for n in range(3):
        saved: list[Any] = []

        def autosave(store: Store, n: int = n) -> Any:
            record = store.records.get(draft)
            values = {**record.values, "observations": f"Typed on, save {n}."}
            return store.records.save_values(draft, values)

        runner.write(autosave, saved.append)
        wait_until(lambda saved=saved: bool(saved))
    settle()
    autosave_stall = probe.stop()
    progress.say(f"after three autosaves elsewhere: {len(refreshes)} list refreshes {refreshes}")

    # The manager lets go of the mouse: the collector's full walk, if one is due, comes now.
    hand.stop()
    due = collector.long_lived_pending > collector.long_lived // 4
    walks = collector.walks
    probe.start()
    end = time.perf_counter() + IDLE_S + 3
    wait_until(lambda: time.perf_counter() > end or collector.walks > walks)
    settle()
    idle_stall = probe.stop()
    idle_walk = collector.last_walk_ms if collector.walks > walks else None
    progress.say(f"idle: full walk due {due}, {idle_walk} ms; longest stall {idle_stall:.0f} ms")
    figures = WindowFigures(
        caseload_ms=shown["caseload"],
        team_ms=shown["team"],
        approvals_ms=shown["approvals"],
        approvals=window.approval_view.count,
        caseload_rows=window.caseload_model.rowCount(),
        longest_stall_ms=longest,
        window_built_ms=built_ms,
        longest_stall_after_window_ms=after_window,
        autosave_refreshes=len(refreshes),
        autosave_stall_ms=autosave_stall,
        idle_full_walk_ms=idle_walk,
        idle_stall_ms=idle_stall,
    )
    window.close()
    runner.close()
    window.deleteLater()
    app.processEvents()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--households", type=int, default=40_000)
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=300, help="timed runs per measure")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="PATH",
        help="build the database here and keep it (the file must not exist)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="measure a database built earlier with --keep instead of building one",
    )
    parser.add_argument(
        "--no-window", action="store_true", help="skip opening the team manager's window"
    )
    parser.add_argument(
        "--plain", action="store_true", help="an unencrypted file, to compare with SQLCipher"
    )
    args = parser.parse_args(argv)
    if args.db and not args.db.exists():
        parser.error(f"{args.db} does not exist")
    if args.households < 1 or args.people < args.households:
        parser.error("need at least one household and at least as many people as households")
    if args.keep and args.keep.exists() and not args.db:
        parser.error(f"{args.keep} already exists; the benchmark builds a new database")

    scratch = None
    if args.db:
        path = args.db
    elif args.keep:
        path = args.keep
    else:
        scratch = tempfile.TemporaryDirectory(prefix="store_scale_")
        path = Path(scratch.name) / "registry.db"
    key = database_key(args)
    progress = Progress()
    today = date.today()
    try:
        window = None
        if args.db:
            build_seconds = 0.0
            progress.say(f"measuring {path}, built earlier")
            start = time.perf_counter()
            store = Store.open(path, key=key)  # any new migration runs here, once
            progress.say(f"opened in {time.perf_counter() - start:.1f}s")
            try:
                registry = registry_of(store)
            finally:
                store.close()
        else:
            build_start = time.perf_counter()
            registry = build_database(path, args, key, today, progress)
            build_seconds = time.perf_counter() - build_start
            progress.say(f"built in {build_seconds:.1f}s")

        store = Store.open(path, key=key)
        try:
            rng = random.Random(SEED + 1)
            n = args.queries

            queries = name_queries(rng, registry.people, n + WARM_UP)
            search = measure(store.search.people, queries[WARM_UP:], queries[:WARM_UP], len)
            report_detail("search by name", search, progress)

            sample = rng.sample(
                registry.children_with_cases, min(n + WARM_UP, len(registry.children_with_cases))
            )
            child_view = measure(
                lambda child_id: store.views.person(child_id, on=today),
                sample[WARM_UP:],
                sample[:WARM_UP],
                lambda v: len(v.records),
            )
            report_detail("child view", child_view, progress)

            def caseload(worker_id: str) -> list:
                return store.views.caseload(worker_id=worker_id, visit_forms=VISIT_FORMS)

            reference = load_reference_data()

            def caseload_with_clocks(worker_id: str) -> list:
                """What the window shows: the rows and each child's visit clock."""
                return caseload_entries(
                    caseload(worker_id),
                    visits=reference.visits,
                    calendar=reference.calendar,
                    today=today,
                )

            workers = [registry.realistic_worker] * CASELOAD_REPEATS
            caseload_12 = measure(caseload, workers, workers[:WARM_UP], len)
            report_detail("caseload of 12", caseload_12, progress)
            clocks_12 = measure(caseload_with_clocks, workers, workers[:WARM_UP], len)
            report_detail("caseload of 12 with each child's visit clock", clocks_12, progress)
            if caseload_12.results[0] != REALISTIC_CASELOAD:
                progress.say(f"warning: the realistic caseload has {caseload_12.results[0]} cases")
            team = measure(lambda _: team_view(store, today), [None] * 5, [None], len)
            report_detail("team view (every open case, due dates, per-worker load)", team, progress)
            busy = measure(caseload, [registry.busy_worker] * 5, [registry.busy_worker], len)
            report_detail(
                "caseload of the busiest synthetic worker (for reference)", busy, progress
            )

            size_mb = database_size_mb(store, path)
        finally:
            store.close()
        if not args.no_window:
            # The window is measured as the app would hold it: without this script's own
            # registry of everyone (the collector walks what the process holds).
            people, records = len(registry.people), registry.records
            registry = None
            window = measure_window(path, key, today, progress)
    finally:
        if scratch is not None:
            scratch.cleanup()

    print(f"encrypted: {'no' if key is None else 'yes'}")
    if registry is not None:
        people, records = len(registry.people), registry.records
    print(f"people: {people}")
    print(f"households: {args.households if not args.db else 'as built'}")
    print(f"records: {records}")
    print(f"build_seconds: {build_seconds:.1f}")
    print(f"search_by_name_median_ms: {search.median:.2f}")
    print(f"search_by_name_p95_ms: {search.p95:.2f}")
    print(f"child_view_median_ms: {child_view.median:.2f}")
    print(f"child_view_p95_ms: {child_view.p95:.2f}")
    print(f"caseload_12_median_ms: {caseload_12.median:.2f}")
    print(f"caseload_12_p95_ms: {caseload_12.p95:.2f}")
    print(f"caseload_12_with_clocks_median_ms: {clocks_12.median:.2f}")
    print(f"team_view_median_ms: {team.median:.2f}")
    print(f"database_size_mb: {size_mb:.1f}")
    if window is not None:
        print(f"team_caseload_rows: {window.caseload_rows}")
        print(f"team_caseload_shown_ms: {window.caseload_ms:.0f}")
        print(f"team_view_shown_ms: {window.team_ms:.0f}")
        print(f"approval_list_rows: {window.approvals}")
        print(f"approval_list_shown_ms: {window.approvals_ms:.0f}")
        print(f"longest_gui_stall_ms: {window.longest_stall_ms:.0f}")
        print(f"window_built_ms: {window.window_built_ms:.0f}")
        print(
            f"longest_gui_stall_after_window_built_ms: {window.longest_stall_after_window_ms:.0f}"
        )
        print(f"lists_refreshed_after_3_autosaves_elsewhere: {window.autosave_refreshes}")
        print(f"longest_gui_stall_during_autosaves_ms: {window.autosave_stall_ms:.0f}")
        walk = window.idle_full_walk_ms
        print(f"full_collection_when_idle_ms: {'none due' if walk is None else f'{walk:.0f}'}")
        print(f"longest_gui_stall_when_idle_ms: {window.idle_stall_ms:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
