"""The import rule between apps (README, "Layout"), checked on the source.

Every Python file of every app is parsed, and every import counts, including the ones inside
functions: an in-function import hides a loop from Python but not from a reader. ``config/``
(which wires the apps together), ``tests/``, ``e2e/`` and ``benchmarks/`` stand outside the
layers and may import any app.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first: an app may import only the apps before it. ``core`` is the ground floor and
# imports none; ``security`` guards every page and needs no content; the content apps follow
# (experiences before wiki, whose themes link reports); then what builds on content.
LAYERS = (
    "core",
    "security",
    "experiences",
    "wiki",
    "news",
    "accounts",
    "gatherings",
    "attachments",
    "search",
    "home",
    "imports",
    "feedback",
    "subscriptions",
    "reviews",
    "dashboard",
    "a11y",
)


def app_names(root=ROOT):
    return sorted(path.parent.name for path in root.glob("*/apps.py"))


def imported_apps(path, apps):
    """The other apps a file imports, with line numbers: absolute imports at any depth."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            if top in apps:
                yield top, node.lineno


def import_graph(root=ROOT):
    """``{(app, imported app): ["file:line", ...]}`` over every app's non-migration source."""
    apps = set(app_names(root))
    edges = defaultdict(list)
    for app in sorted(apps):
        for path in sorted((root / app).rglob("*.py")):
            # Migrations are history: they name the apps a schema change depended on at the time.
            if "migrations" in path.relative_to(root).parts:
                continue
            relative = path.relative_to(root).as_posix()
            for imported, line in imported_apps(path, apps):
                if imported != app:
                    edges[(app, imported)].append(f"{relative}:{line}")
    return edges


def find_cycle(edges):
    """One import loop between apps as a list of apps, or None."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    state = {}

    def visit(app, path):
        state[app] = "open"
        for target in sorted(graph[app]):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state:
                found = visit(target, path + [target])
                if found:
                    return found
        state[app] = "done"
        return None

    for app in sorted(graph):
        if app not in state:
            found = visit(app, [app])
            if found:
                return found
    return None


def upward_imports(edges):
    rank = {app: index for index, app in enumerate(LAYERS)}
    return {edge: places for edge, places in edges.items() if rank[edge[1]] >= rank[edge[0]]}


def describe(edges):
    return "\n".join(f"{source} -> {target}: {', '.join(places)}" for (source, target), places in sorted(edges.items()))


@pytest.fixture(scope="module")
def edges():
    return import_graph()


def test_every_app_has_a_place_in_the_layers():
    assert set(app_names()) == set(LAYERS), "Add the new app to LAYERS here and to the README's Layout."


def test_core_imports_no_other_app(edges):
    from_core = {edge: places for edge, places in edges.items() if edge[0] == "core"}
    assert not from_core, "core/ is the ground floor and imports no app:\n" + describe(from_core)


def test_apps_import_each_other_without_a_loop(edges):
    cycle = find_cycle(edges)
    assert cycle is None, "Import loop between apps: " + " -> ".join(cycle)


def test_apps_import_only_apps_below_them(edges):
    upward = upward_imports(edges)
    assert not upward, "Imports against the layer order (README, Layout):\n" + describe(upward)


def test_the_checks_see_in_function_imports_and_loops(tmp_path):
    # A two-app loop hidden in a function body, as experiences and accounts had it.
    for app, imported in (("alpha", "beta"), ("beta", "alpha")):
        (tmp_path / app).mkdir()
        (tmp_path / app / "apps.py").write_text("")
        (tmp_path / app / "models.py").write_text(f"def f():\n    from {imported}.models import X\n")
    edges = import_graph(tmp_path)
    assert set(edges) == {("alpha", "beta"), ("beta", "alpha")}
    assert find_cycle(edges) == ["alpha", "beta", "alpha"]
