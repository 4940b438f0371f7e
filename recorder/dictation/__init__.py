"""Drafting a visit note from dictated text, on the device, with evidence for every item.

Nothing here imports Qt or writes SQL. The pipeline is spaCy; it runs on
``spacy.blank("en")`` alone and uses an English statistical pipeline, when one
is installed, only for more recall.
"""
