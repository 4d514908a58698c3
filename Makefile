# Footprint: every command a developer or CI runs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.13: pyenv's own install if there is one (not its shim, which answers only when
# 3.13 is the selected version), else python3.13 from PATH.
PYTHON313 := $(shell ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3.13 2>/dev/null | sort -V | tail -n 1)
ifeq ($(PYTHON313),)
PYTHON313 := $(shell command -v python3.13 2>/dev/null)
endif
VENV := .venv
TOOLS := .tools
PY := $(VENV)/bin/python
# sam build needs python3.13 on PATH to build the layers without Docker.
export PATH := $(dir $(PYTHON313)):$(PATH)

API_DIRS := layers/footprint/footprint functions local
CODE_DIRS := $(wildcard functions/*)
MYPYPATH := layers/footprint:$(subst $() ,:,$(CODE_DIRS))

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/dev.lock pyproject.toml
	@test -n "$(PYTHON313)" || { echo "Python 3.13 is required (python3.13 on PATH or pyenv)"; exit 1; }
	$(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements/dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(TOOLS)/.installed: requirements/tools.lock
	@test -n "$(PYTHON313)" || { echo "Python 3.13 is required (python3.13 on PATH or pyenv)"; exit 1; }
	$(PYTHON313) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet -r requirements/tools.lock
	touch $@

# The tests' SAML identity provider (pysaml2) signs with the xmlsec1 program (Debian: xmlsec1);
# the browser tests drive Debian's Chromium (chromium, with chromium-driver of the same
# version), which shows Japanese with the IPA Gothic font (fonts-ipafont-gothic).
SYSTEM_PACKAGES := xmlsec1 chromium chromium-driver fonts-ipafont-gothic
.PHONY: system-packages
system-packages:
	@dpkg-query -W -f='$${Status}\n' $(SYSTEM_PACKAGES) 2>/dev/null | grep -c 'ok installed' | grep -qx $(words $(SYSTEM_PACKAGES)) || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; }

# The web application (web/): Node.js 20 or later, its packages as package-lock.json pins them.
WEB := web
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) $(addprefix $(WEB)/,index.html vite.config.ts tsconfig.json package.json)

$(WEB)/node_modules/.installed: $(WEB)/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 or later is required for the web application (npm on PATH)"; exit 1; }
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Built only when a source changed since the last build.
$(WEB)/dist/index.html: $(WEB)/node_modules/.installed $(WEB_SOURCES)
	cd $(WEB) && npm run --silent build

.PHONY: web-build
web-build: $(WEB)/dist/index.html ## Build the web application into web/dist (when its sources changed)

.PHONY: install
install: $(VENV)/.installed $(TOOLS)/.installed $(WEB)/node_modules/.installed system-packages ## Create .venv (app, tests), .tools (SAM, cfn-lint, checkov) and web/node_modules

.PHONY: local
local: $(VENV)/.installed web-build ## Run the whole platform and the web app on 127.0.0.1:3000 (state in memory)
	$(PY) -m local

.PHONY: test
test: lint typecheck unit web-check web-unit integration browser template security build ## Every test and check, as CI runs them

.PHONY: web-check
web-check: $(WEB)/node_modules/.installed ## The web app: tsc --noEmit (strict) and prettier --check
	cd $(WEB) && npm run --silent check

.PHONY: web-unit
web-unit: $(WEB)/node_modules/.installed ## The web app's unit tests (Vitest)
	cd $(WEB) && npm test --silent

.PHONY: browser
browser: $(VENV)/.installed system-packages web-build ## Browser tests: headless Chromium against a local platform (screenshots in web/screenshots)
	$(PY) -m pytest tests/browser -q

.PHONY: lint
lint: $(VENV)/.installed ## ruff: lint and formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: format
format: $(VENV)/.installed ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: typecheck
typecheck: $(VENV)/.installed ## mypy --strict on layers/ and functions/
	MYPYPATH=$(MYPYPATH) $(VENV)/bin/mypy layers/footprint/footprint $(foreach d,$(CODE_DIRS),$(wildcard $(d)/fp_*)) local

.PHONY: unit
unit: $(VENV)/.installed system-packages ## Unit tests (pure, moto in-process)
	$(PY) -m pytest tests/unit -n 2 -q

.PHONY: integration
integration: $(VENV)/.installed system-packages ## Integration tests (the local platform over HTTP)
	$(PY) -m pytest tests/integration -q

.PHONY: template
template: $(VENV)/.installed $(TOOLS)/.installed ## cfn-lint, sam validate --lint, checkov
	$(TOOLS)/bin/cfn-lint template.yaml
	$(TOOLS)/bin/sam validate --lint --region us-east-2
	$(TOOLS)/bin/checkov --quiet --compact --config-file .checkov.yaml

.PHONY: security
security: $(VENV)/.installed ## bandit on the code (no medium or high findings)
	$(VENV)/bin/bandit --quiet -c pyproject.toml -r layers/footprint/footprint functions local --severity-level medium

.PHONY: build
build: $(TOOLS)/.installed layers/dependencies/requirements.txt ## sam build (python3.13/arm64, no Docker)
	$(TOOLS)/bin/sam build --parallel --cached

.PHONY: openapi
openapi: $(VENV)/.installed ## Regenerate the OpenAPI document from the handlers
	$(PY) -m local.openapi

.PHONY: factors
factors: $(VENV)/.installed ## Rebuild the factor library and templates from data/factor-sources
	$(PY) -m footprint.factor_import --source data/factor-sources --out layers/footprint/footprint/data/factors
	$(PY) -m footprint.factor_import.templates --out layers/footprint/footprint/data/templates
	$(VENV)/bin/footprint factors catalogue --format md --out docs/activity-values.md

.PHONY: bench
bench: $(VENV)/.installed ## Benchmarks, as ratios against baselines measured in the same run
	$(PY) -m bench

.PHONY: lock
lock: ## Re-pin every dependency (after editing requirements/*.in)
	rm -rf .lock-venv && $(PYTHON313) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements/dev.in
	.lock-venv/bin/pip freeze --exclude-editable | sort > requirements/dev.lock
	rm -rf .lock-venv && $(PYTHON313) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements/tools.in
	.lock-venv/bin/pip freeze | sort > requirements/tools.lock
	rm -rf .lock-venv
	$(MAKE) layers/dependencies/requirements.txt

# The Lambda layer's pins: the runtime packages at the versions the tests ran against.
layers/dependencies/requirements.txt: requirements/runtime.in requirements/dev.lock
	$(PYTHON313) scripts/layer_requirements.py > $@

.PHONY: clean
clean: ## Remove the venvs and build output
	rm -rf $(VENV) $(TOOLS) .aws-sam .mypy_cache .ruff_cache .local $(WEB)/node_modules $(WEB)/dist
