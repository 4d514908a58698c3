"""Footprint: the shared package behind every Lambda handler, the CLI and the local platform.

Floors, from the bottom up; a module imports only from its own floor and the floors below:

1. ``observability`` (the logger and metrics) and this package's root: what every floor uses.
2. ``domain``: pure Python, no AWS; the rules.
3. ``adapters``: AWS behind small interfaces; persistence only.
4. services, one package per area with use cases: ``identity``, ``uploads``,
   ``factor_import``.
5. ``api``: the HTTP pieces the handlers share (resolver, access control, errors, cursors).
6. the entry points: the Lambda handlers under ``functions/`` and the ``cli`` command.

``local`` (the local platform) stands beside the floors and may import any of them; nothing
deployed imports it. ``tests/unit/test_floors.py`` declares each package's floor and fails on
an import that points up.
"""

__version__ = "0.1.0"
