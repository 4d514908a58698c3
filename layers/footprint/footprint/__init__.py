"""Footprint: the shared package behind every Lambda handler, the CLI and the local platform.

Three floors, arrows only downward: ``domain`` (pure Python, no AWS), ``adapters`` (AWS behind
small interfaces) and ``api`` (HTTP pieces shared by the handlers).
"""

__version__ = "0.1.0"
