"""The README's index of the program's rules: for each rule id (R-ROLE-5 ...), the modules that cite it
and the tests that prove it, so that a newcomer finds both in one hop. Written by `make rule-index`
(`python -m tests.core.rule_index`) and kept true by tests/core/test_rule_index.py."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
APPS = ("parentpartner", "mentoring", "training", "eligibility", "reporting")
# "R-ORG-1..3" cites R-ORG-1, R-ORG-2 and R-ORG-3.
RULE = re.compile(r"\bR-([A-Z]+)-(\d+)(?:\.\.(\d+))?\b")
START, END = "<!-- rule-index:start -->", "<!-- rule-index:end -->"


def _order(rule: str) -> tuple[str, int]:
    family, number = rule[2:].rsplit("-", 1)
    return family, int(number)


def _citations(paths) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        for family, first, last in RULE.findall(path.read_text()):
            for number in range(int(first), int(last or first) + 1):
                found.setdefault(f"R-{family}-{number}", set()).add(str(path.relative_to(ROOT)))
    return found


def _enforces(path: pathlib.Path) -> bool:
    """Where a rule is enforced or computed: not its demo data, its panels or a package's re-exports."""
    parts = set(path.relative_to(ROOT).parts)
    return not parts & {"migrations", "demo", "demo.py", "panels.py", "navigation.py", "__init__.py", "data"}


def table() -> str:
    code = _citations(p for app in APPS for p in (ROOT / app).rglob("*.py") if _enforces(p))
    tests = _citations((ROOT / "tests").rglob("test_*.py"))
    lines = ["| rule | code | tests |", "| --- | --- | --- |"]
    for rule in sorted(set(code) | set(tests), key=_order):
        cells = [", ".join(f"`{name}`" for name in sorted(found.get(rule, ()))) or "none" for found in (code, tests)]
        lines.append(f"| {rule} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def section(text: str) -> str:
    return text[text.index(START) + len(START) : text.index(END)].strip()


def write() -> None:
    text = README.read_text()
    before, after = text[: text.index(START) + len(START)], text[text.index(END) :]
    README.write_text(f"{before}\n{table()}\n{after}")


if __name__ == "__main__":
    write()
