"""The shape of the code (issue 14), as the README's map draws it: which app may import which, no
import circles, no `<layer>_<feature>.py` files, no imports pushed to the bottom of a file, no
imports hidden in functions to dodge a circle, and no module that grew past what one reader holds.

A new arrow between apps fails `test_apps_import_only_along_the_allowed_arrows`: if the dependency
is real and one-way, add it to ALLOWED and to the README's map in the same change."""

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("parentpartner", "mentoring", "training", "eligibility", "reporting", "bench")

# app -> the apps it may import. The core imports no other app (the apps contribute to it through
# its registries); eligibility decides who may mentor and needs only the core; training's checklist
# asks eligibility whether a trainee may mentor; mentoring's assignments ask training and
# eligibility; reporting reads every domain app; the benchmark (not part of the application) reads
# everything and nothing imports it.
ALLOWED = {
    "parentpartner": set(),
    "eligibility": {"parentpartner"},
    "training": {"parentpartner", "eligibility"},
    "mentoring": {"parentpartner", "training", "eligibility"},
    "reporting": {"parentpartner", "mentoring", "training", "eligibility"},
    "bench": {"parentpartner", "mentoring", "training", "eligibility", "reporting"},
}

LAYERS = ("models", "views", "forms", "filters", "urls", "demo", "panels", "admin", "services")

# Modules longer than about 400 lines, each with the reason it stays one file.
LONG_MODULES: dict[str, str] = {
    "parentpartner/access.py": "the one place that decides who sees what; split, a reader would have to "
    "assemble a role's scope from several files",
    "parentpartner/services/progression.py": "the Training Verification and Approval form from start to "
    "contract manager's signature, in the order the handbook gives (R-ROLE-5); a little over the line",
}

# Imports inside functions that are not there to dodge a circle: Django's AppConfig.ready() (the
# app registry must be ready first), migrations, and heavy libraries loaded only by the one download
# that needs them.
# The embedded PostgreSQL (pgserver) is loaded only when no DATABASE_URL is set.
HEAVY_LIBRARIES = {"openpyxl", "pgserver"}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree, *, top_level_only=False):
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            yield node, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]


def test_apps_import_only_along_the_allowed_arrows():
    found = set()
    for app, path in _modules():
        for _, names in _imports(ast.parse(path.read_text())):
            for name in names:
                other = name.split(".")[0]
                if other in APPS and other != app and other not in ALLOWED[app]:
                    found.add(f"{path.relative_to(ROOT)}: {app} -> {other}")
    assert sorted(found) == []


def test_no_import_circles_between_modules():
    """Module-level imports between the project's own modules form no cycle."""
    names = {_module_name(path): path for _, path in _modules()}
    graph = {}
    for module, path in names.items():
        targets = set()
        for _, imported in _imports(ast.parse(path.read_text()), top_level_only=True):
            targets |= {name for name in imported if name in names and name != module}
        graph[module] = targets
    cycles = []
    state = {}

    def visit(module, trail):
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_layer_suffixed_files():
    """A layer that outgrows one file becomes a package named by feature, never `views_roles.py`."""
    pattern = re.compile(rf"^({'|'.join(LAYERS)})_\w+\.py$")
    found = [str(path.relative_to(ROOT)) for app, path in _modules() if app != "bench" and pattern.match(path.name)]
    assert found == []


def test_no_imports_at_the_bottom_of_a_file():
    found = []
    for _, path in _modules():
        text = path.read_text()
        if "noqa: E402" in text:
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_no_imports_inside_functions_to_dodge_a_circle():
    found = []
    for app, path in _modules():
        if app == "bench" or path.name == "apps.py":
            continue
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node, names in _imports(function):
                if not any(name.split(".")[0] in HEAVY_LIBRARIES for name in names):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {names[0]}")
    assert found == []


def test_no_module_is_longer_than_a_reader_holds():
    found = []
    for app, path in _modules():
        if app == "bench":
            continue
        lines = len(path.read_text().splitlines())
        name = str(path.relative_to(ROOT))
        if lines > 420 and name not in LONG_MODULES:
            found.append(f"{name}: {lines} lines")
    assert found == []


def test_scope_kinds_are_decided_only_in_access():
    """Who sees what is decided in parentpartner/access.py alone: no other module branches on a scope kind."""
    found = [
        str(path.relative_to(ROOT))
        for app, path in _modules()
        if path.name != "access.py" and re.search(r"\bScopeKind\b|\.kind is\b|Scope\.of\(", path.read_text())
    ]
    assert found == []
