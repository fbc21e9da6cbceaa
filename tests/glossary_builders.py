"""Builders for glossary tests."""

from workspace.glossary.services import create_term, term_fields


def make_term(author, name="MQL", definition="A lead that meets the SLA's rules.", *,
              aliases="", examples="", owner_team="marketing", related=""):
    return create_term(author, term_fields(name, aliases, definition, examples, owner_team,
                                           related))
