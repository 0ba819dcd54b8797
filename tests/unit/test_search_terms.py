"""Query words and their attached-proclitic forms (marsad.store.queries.search)."""

from marsad.store.queries.search import forms


def test_forms_with_conjunction_and_preposition() -> None:
    f = forms("مصر")
    assert {"مصر", "لمصر", "بمصر", "ومصر", "وبمصر", "فلمصر"} <= set(f)
    assert "المصر" not in f and "سمصر" not in f


def test_forms_of_a_word_with_the_article_use_lam_lam() -> None:
    f = forms("المغرب")
    assert {"المغرب", "والمغرب", "بالمغرب", "للمغرب", "وللمغرب", "فللمغرب"} <= set(f)


def test_non_arabic_and_one_letter_words_are_left_alone() -> None:
    assert forms("un") == ["un"] and forms("و") == ["و"]
