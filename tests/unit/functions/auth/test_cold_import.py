"""Password sign-in's cold start does not pay for the SAML toolkit: the Auth function's module
must not import it, even indirectly through the layer (the SSO function's module does)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from local.template import ROOT

SAML_TOOLKIT = {"onelogin", "lxml", "xmlsec"}
# Imports a module in a fresh interpreter, as a cold start does (this test process has
# long imported the toolkit), and prints the top-level packages that are then loaded.
_PROBE = (
    "import importlib, json, sys; importlib.import_module(sys.argv[1]); "
    "print(json.dumps(sorted({name.partition('.')[0] for name in sys.modules})))"
)


def _toolkit_loaded_by(module: str) -> set[str]:
    path = [str(ROOT / "functions" / "auth"), str(ROOT / "layers" / "footprint")]
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, module],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return SAML_TOOLKIT & set(json.loads(out.strip().splitlines()[-1]))


def test_the_password_function_does_not_import_the_saml_toolkit() -> None:
    assert _toolkit_loaded_by("fp_auth.app") == set()


def test_the_probe_sees_the_toolkit_where_it_is_imported() -> None:
    assert _toolkit_loaded_by("fp_auth.sso_app") == SAML_TOOLKIT
