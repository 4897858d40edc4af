"""sitrep's tests: ``tests/test_<package>_<module>.py`` for each module of
``generator/<package>/``, ``tests/test_<module>.py`` for the modules at the top of
``generator/``, and ``test_browser``, ``test_eval_gate``, ``test_install`` and
``test_layout`` for the whole. Shared helpers are in :mod:`tests.helpers`, shared
fixtures in ``conftest.py``."""
