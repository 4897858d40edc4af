"""The Jinja templates of the site's pages (``*.md.j2``), one per page kind.

They live in ``site_templates/`` at the top of the repository and are installed as
the package ``generator.pages.templates`` (``[tool.setuptools.package-dir]`` in
``pyproject.toml``), so an installed ``sitrep`` carries them. This file makes the
folder that package; :data:`FOLDER` is where the templates are, installed or not.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
"""The folder of the templates: the default of ``sitrep build --templates``."""
