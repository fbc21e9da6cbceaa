"""Automatic glossary links on tricky text."""

from itertools import count

from tests.factories import make_user
from tests.glossary_builders import make_term
from workspace.glossary.linking import current_matcher, link_terms, terms_mentioned
from workspace.markdown import render_markdown


def linked(markdown: str, skip: str | None = None) -> str:
    ids = (f"t{n}" for n in count(1))
    return link_terms(str(render_markdown(markdown)), current_matcher(), skip, ids)


def links_in(html: str) -> list[str]:
    import re

    return re.findall(r'<a href="/glossary/([^"]+)" class="term-link"[^>]*>([^<]*)</a>', html)


def setup_terms():
    author = make_user()
    make_term(author, "Lead", "A person who showed interest.")
    make_term(author, "Lead scoring", "Points for fit and engagement.", aliases="Scoring")
    make_term(author, "Calificación", "Cómo puntuamos un lead.")
    make_term(author, "MQL", "Marketing qualified lead.", aliases="Marketing qualified lead")


def test_whole_words_only_and_longest_phrase_wins():
    setup_terms()
    html = linked("Leadership reads the lead scoring report.")
    assert links_in(html) == [("lead-scoring", "lead scoring")]


def test_case_and_accents_do_not_matter_and_the_text_is_unchanged():
    setup_terms()
    html = linked("La CALIFICACION del lead.")
    assert links_in(html) == [("calificacion", "CALIFICACION"), ("lead", "lead")]


def test_once_per_paragraph_and_again_in_the_next():
    setup_terms()
    html = linked("An MQL is an MQL.\n\nEvery MQL counts.")
    assert [slug for slug, _ in links_in(html)] == ["mql", "mql"]


def test_never_inside_code_or_existing_links():
    setup_terms()
    html = linked("`MQL` and [the MQL page](https://example.test) but MQL here.")
    assert links_in(html) == [("mql", "MQL")]
    assert "<code>MQL</code>" in html


def test_aliases_link_to_their_term_and_a_term_never_links_itself():
    setup_terms()
    assert links_in(linked("A marketing qualified lead.")) == [
        ("mql", "marketing qualified lead")]
    assert links_in(linked("Scoring and MQL.", skip="mql")) == [("lead-scoring", "Scoring")]


def test_escaping_survives_linking():
    setup_terms()
    html = linked("Lead <script>alert(1)</script> & co")
    assert "<script" not in html and "&amp; co" in html


def test_each_link_has_an_accessible_definition():
    setup_terms()
    html = linked("Lead")
    assert 'aria-describedby="t1"' in html
    assert '<span class="term-tip" role="tooltip" id="t1"><strong>Lead</strong>: A person' in html


def test_terms_mentioned_lists_slugs():
    setup_terms()
    assert terms_mentioned("Our lead scoring uses MQL rules", current_matcher()) == {
        "lead-scoring", "mql"}
