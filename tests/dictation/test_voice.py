"""``recorder_voice``: the child's own words, kept word for word, and only the child's."""

from __future__ import annotations


def test_a_childs_quoted_words_are_kept_as_said(draft):
    dictation = "Pawel said open quote I like my new school close quote full stop"

    result = draft(dictation)

    assert result.values("child_voice") == ["I like my new school"]
    assert [e.words for e in result.of("child_voice")[0].evidence] == ["I like my new school"]


def test_an_adults_quoted_words_are_not_the_childs_voice(draft):
    result = draft('Mum said "he is a good boy". Nan said "she never listens".')

    assert result.values("child_voice") == []


def test_reported_speech_is_kept_as_the_worker_said_it(draft):
    result = draft("Paweł told me that he wants to live with his nan.")

    assert result.values("child_voice") == ["he wants to live with his nan"]


def test_a_no_in_what_the_child_said_is_kept(draft):
    result = draft("Pawel said he does not like school.")

    assert result.values("child_voice") == ["he does not like school"]


def test_a_wish_said_without_a_speech_word_is_the_childs_voice(draft):
    result = draft("Işık misses her dad.")

    assert result.values("child_voice") == ["Işık misses her dad"]


def test_a_wish_reported_with_a_no_keeps_the_no(draft):
    result = draft("Isik said she does not want to go to nan's.")

    assert result.values("child_voice") == ["she does not want to go to nan's"]


def test_a_child_not_wanting_something_is_the_childs_voice_too(draft):
    result = draft("Isik does not want to go to nan's.")

    assert result.values("child_voice") == ["Isik does not want to go to nan's"]


def test_two_things_said_become_two_snippets(draft):
    result = draft(
        'Pawel said "I hate the shouting" and "I want to stay at nan\'s" full stop'
    )

    assert result.values("child_voice") == ["I hate the shouting", "I want to stay at nan's"]


def test_she_said_after_a_child_is_the_childs_voice(draft):
    result = draft("Isik showed me her room. She said open quote this is my bed close quote.")

    assert result.values("child_voice") == ["This is my bed"]


def test_she_said_after_mum_is_not_the_childs_voice(draft):
    result = draft("Mum made tea. She said open quote I am exhausted close quote.")

    assert result.values("child_voice") == []
