"""Issue 14: a newcomer finds the code and the test of any rule id in one hop (the README's index)."""

from tests.core import rule_index


def test_the_readmes_rule_index_lists_where_each_rule_is_enforced_and_proved():
    """Regenerate with `make rule-index` when code or tests cite a rule in another file."""
    assert rule_index.section(rule_index.README.read_text()) == rule_index.table()


def test_every_rule_the_code_enforces_has_a_test():
    untested = [line.split(" | ")[0] for line in rule_index.table().splitlines()[2:] if line.endswith("| none |")]
    assert untested == []
