"""Word diffs and three-way merges on hand-made cases."""

from workspace.diffing import compare, merge, merge_lines, word_diff


def ops(old, new):
    return [(s.op, s.text) for s in word_diff(old, new)]


def test_word_diff_marks_added_removed_and_changed_words():
    assert ops("An MQL has 100 employees", "An MQL has 200 employees or more") == [
        ("equal", "An MQL has "), ("delete", "100"), ("insert", "200"),
        ("equal", " employees"), ("insert", " or more")]


def test_word_diff_of_identical_and_empty_texts():
    assert ops("same words", "same words") == [("equal", "same words")]
    assert ops("", "new") == [("insert", "new")]
    assert ops("gone", "") == [("delete", "gone")]


def test_word_diff_handles_accents_and_other_scripts_as_words():
    assert ops("calificación del lead", "cualificación del lead") == [
        ("delete", "calificación"), ("insert", "cualificación"), ("equal", " del lead")]
    assert ops("市場", "市場 日本") == [("equal", "市場"), ("insert", " 日本")]


def test_word_diff_on_long_text_keeps_unchanged_paragraphs_whole():
    old = "\n".join(f"Line {i} of the agreement." for i in range(300))
    new = old.replace("Line 150 of", "Line 150, amended, of")
    diff = ops(old, new)
    assert ("insert", ", amended,") in diff
    assert sum(1 for op, _ in diff if op != "equal") == 1


def test_compare_lists_only_changed_fields_in_document_order():
    changes = compare({"title": "MQL", "body": "a", "tags": ""},
                      {"title": "MQL", "body": "b", "tags": "sla"}, ("title", "body", "tags"))
    assert [(c.name, c.old, c.new) for c in changes] == [("body", "a", "b"), ("tags", "", "sla")]


FIELDS = ("title", "body", "tags")
BASE = {"title": "Lead", "body": "one\ntwo\nthree\n", "tags": "x"}


def test_changes_to_different_fields_merge_cleanly():
    mine = {**BASE, "title": "Qualified lead"}
    theirs = {**BASE, "tags": "x, y"}
    result = merge(BASE, mine, theirs, FIELDS, frozenset({"body"}))
    assert result.clean and result.values == {**BASE, "title": "Qualified lead", "tags": "x, y"}


def test_same_change_on_both_sides_is_not_a_conflict():
    mine = theirs = {**BASE, "title": "Same"}
    assert merge(BASE, mine, theirs, FIELDS).clean


def test_short_field_changed_by_both_is_a_conflict_keeping_mine():
    result = merge(BASE, {**BASE, "title": "Mine"}, {**BASE, "title": "Theirs"}, FIELDS)
    assert result.conflicts == ["title"] and result.values["title"] == "Mine"


def test_long_text_merges_line_by_line_when_lines_differ():
    mine = {**BASE, "body": "ONE\ntwo\nthree\n"}
    theirs = {**BASE, "body": "one\ntwo\nTHREE\nfour\n"}
    result = merge(BASE, mine, theirs, FIELDS, frozenset({"body"}))
    assert result.clean and result.values["body"] == "ONE\ntwo\nTHREE\nfour\n"


def test_long_text_touching_the_same_line_is_a_conflict():
    mine = {**BASE, "body": "one\nTWO (mine)\nthree\n"}
    theirs = {**BASE, "body": "one\nTWO (theirs)\nthree\n"}
    result = merge(BASE, mine, theirs, FIELDS, frozenset({"body"}))
    assert result.conflicts == ["body"] and result.values["body"] == mine["body"]


def test_line_merge_insertions_at_the_same_place_conflict_but_elsewhere_merge():
    assert merge_lines("a\nb\n", "a\nX\nb\n", "a\nY\nb\n") is None
    assert merge_lines("a\nb\n", "X\na\nb\n", "a\nb\nY\n") == "X\na\nb\nY\n"
    assert merge_lines("a\nb\n", "a\nb\n", "a\nb\n") == "a\nb\n"
