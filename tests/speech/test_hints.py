"""The family's names given to the recogniser as hint words, and the guard that keeps every word."""

from __future__ import annotations

import json

from recorder.dictation.batch import draft_cases
from recorder.dictation.context import context_from_case
from recorder.dictation.pipeline import Drafter
from recorder.dictation.recognised import recognise, record_names
from recorder.speech import read_wav, transcribe
from recorder.speech.transcribe import LiveTranscriber
from recorder.speech.whisper import lost_words, written_hints
from tests.speech.conftest import DATA

WROBEL = {
    "id": "wrobel-1",
    "recorded_on": "2026-11-18",
    "worker": {"name": "Hester Quennell"},
    "people": [
        {"id": "p1", "first_name": "Zofia", "last_name": "Wrobel",
         "date_of_birth": "2015-04-09", "relationship": "subject child"},
    ],
    "professionals": [{"id": "g1", "name": "Dr Ines Marwick", "role": "GP"}],
}
MANY_NAMES = (
    "Amara Bexley Cosmo Delphine Ezra Fenella Gideon Hollis Ines Jago Kestrel Lorcan Marisol "
    "Nyle Ottilie Pascoe Quilla Rafferty Selwyn Tamsin Ulrika Vesna Wilf Xanthe Yorick Zelda "
    "Ashdown Brackley Carrow Dunmore Elsworth Fairlie Garside Hebden Ingleby Jessop Kirkbride "
    "Lockwood Marwick Nettleton Orrell Penrose Quarmby Rudd Scaife Thackeray Upshall Varley "
    "Whitlock Yeadon"
).split()


def _words(text: str) -> list[str]:
    return [w.strip(".,!?“”\"'").casefold() for w in text.split()]


def test_the_family_names_are_the_hints():
    names = record_names(context_from_case(WROBEL))
    assert {"Zofia", "Wrobel", "Ines", "Marwick"} <= set(names)


def test_a_surname_misheard_without_hints_is_spelt_as_on_the_record_with_them(engine):
    audio = read_wav(DATA / "door.wav")
    names = record_names(context_from_case(WROBEL))
    plain = transcribe(audio, engine)
    # heard by ear ("Robo", "Robl"): too far from Wrobel for matching after recognition
    assert "wrobel" not in _words(recognise(plain, names).text)
    hinted = transcribe(audio, engine, hints=names)
    assert "Wrobel" in hinted.split() and "door" in _words(hinted)


def test_hints_reach_the_engine_while_recording(engine):
    before = engine.hinted
    live = LiveTranscriber(engine, hints=["Zofia", "Wrobel"])
    samples = read_wav(DATA / "door.wav").samples
    texts = []
    for start in range(0, samples.size, 1600):
        texts += live.feed(samples[start : start + 1600])
    texts += live.finish()
    assert engine.hinted > before and "Wrobel" in " ".join(texts)


def test_hints_reach_the_engine_for_cases_that_give_audio():
    heard = []

    def hear(audio: str, names: tuple[str, ...]) -> str:
        heard.append((audio, names))
        return "Home visit, Zofia seen alone."

    line = json.dumps({**WROBEL, "audio": "door.wav"})
    [row] = draft_cases(Drafter.load("none"), [line], hear=hear)
    assert heard == [("door.wav", record_names(context_from_case(WROBEL)))]
    assert row["id"] == "wrobel-1"


def test_a_stretch_that_loses_words_with_hints_is_recognised_again_without(engine):
    audio = read_wav(DATA / "visit.wav")
    samples = audio.samples
    # A long list of names makes tiny.en run words together and drop some ("Home Visitor
    # Sophie And ... Fullstop"): the guard must catch it and keep the unhinted words.
    assert lost_words(engine._heard(samples, hotwords=" ".join(MANY_NAMES)),
                      engine._heard(samples, beam_size=1))
    redone = engine.redone
    text = transcribe(audio, engine, hints=MANY_NAMES)
    assert engine.redone == redone + 1
    assert {"visit", "to", "sophie", "and", "her", "full", "stop"} <= set(_words(text))
    assert text == transcribe(audio, engine)


def test_one_word_fewer_is_no_sign_of_loss_but_two_are():
    assert not lost_words("Christabel was seen", "Christa Bell was seen")
    assert lost_words("Seen at home", "Seen at home with her brother")
    assert not lost_words("Seen at home with her brother today", "Seen at home with her brother")
    assert lost_words(" ".join(["word"] * 45), " ".join(["word"] * 50))


def test_hint_words_written_out_in_a_row_and_never_heard_are_caught():
    hints = ["Amara", "Ashdown", "Ines", "Marwick"]
    # the hint list written where "the arrears" was said
    assert written_hints("advice on the Amara Ashdown Ines Marwick then the nurse",
                         "advice on the arrears then the nurse", hints)
    # names said one by one, or a full name the quick pass heard too, are no sign
    assert not written_hints("Amara Ashdown and Ines were in", "Amara Ashdon and Ines were in",
                             hints)
    assert not written_hints("saw Amara Ines Ashdown today", "saw Amara Ines Ashdown today",
                             hints)
