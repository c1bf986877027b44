"""Briefs shown as paragraphs: the file's hard line breaks never reach the page."""

from negosim.prose import paragraphs


def test_lines_of_a_paragraph_are_joined_and_blank_lines_part_paragraphs():
    text = "Le groupe Assurial regroupe ses équipes\net doit équiper 1 200 postes.\n\nSecond."
    assert paragraphs(text) == [
        "Le groupe Assurial regroupe ses équipes et doit équiper 1 200 postes.",
        "Second.",
    ]


def test_list_items_stay_lines_of_their_own():
    assert paragraphs("Vos objectifs :\n- prix\n- délai\n  de livraison") == [
        "Vos objectifs :",
        "- prix",
        "- délai de livraison",
    ]


def test_an_empty_brief_has_no_paragraph():
    assert paragraphs("") == [] and paragraphs(None) == []
