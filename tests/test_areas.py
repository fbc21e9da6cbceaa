"""Areas wire themselves explicitly, from the factory's list; importing never registers."""

import subprocess
import sys

from workspace import AREAS
from workspace.areas import registry
from workspace.documents import document_types


def test_importing_every_models_module_imports_no_view(project_root):
    """A migration or a script that needs the tables must not drag in routes and templates."""
    code = ("import sys, workspace.models\n"
            "views = sorted(m for m in sys.modules if m.startswith('workspace.')\n"
            "               and m.count('.') > 1 and m.endswith(('views', '.api')))\n"
            "print(views)")
    result = subprocess.run([sys.executable, "-c", code], cwd=project_root, check=True,
                            capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_navigation_and_home_follow_the_orders_the_areas_state(app):
    nav = registry(app).nav
    assert [entry.endpoint for entry in nav] == ["glossary.index", "sla.index", "goals.index",
                                                 "meetings.index", "leads.index",
                                                 "metrics.index"]
    orders = [order for order, _ in registry(app).home]
    assert orders == sorted(orders)


def test_each_area_brings_its_document_types_wording(app):
    with app.test_request_context():
        kinds = {t.name: t for t in document_types()}
        assert kinds["lead"].notifications["assigned"] and kinds["agreement"].verbs["signed"]
        assert kinds["term"].text is not None and kinds["lead"].text is None


def test_the_factory_list_names_every_area_package(project_root):
    packages = {path.parent.name for path in (project_root / "workspace").glob("*/__init__.py")}
    assert set(AREAS) == packages
