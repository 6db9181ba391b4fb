# The README's two commands are `make run` and `make test`; everything else is a step of those.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
DIRECTORY := $(VENV)/bin/directory
PYTEST_ARGS ?=

.PHONY: run test install services-up services-down seed serve bench lint lock types clean translations reliability

run: install services-up seed serve

# Lint and types first (seconds), then the whole suite.
test: install lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed node_modules/.installed /usr/bin/chromium /usr/sbin/nginx \
  /usr/bin/systemd-analyze /usr/bin/openssl

# Exact versions with hashes from requirements.lock (`make lock` regenerates it from
# pyproject.toml), then the project itself without dependencies.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# requirements-runtime.lock: what a server installs with the wheel (docs/deploy.md), the same
# versions without the development and test extras.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --extra test --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -c requirements.lock \
	  -o requirements-runtime.lock pyproject.toml

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

# Real browser for the end-to-end test (Debian's Chromium; no browser download).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

services-up: install
	$(DIRECTORY) services up

services-down:
	$(DIRECTORY) services down

seed: services-up
	$(DIRECTORY) seed

serve:
	$(DIRECTORY) serve

bench: install services-up /usr/bin/wrk
	$(PY) -m benchmarks.run $(BENCH_ARGS)

# The deployment kit (deploy/) is tested for real: nginx with its site config in front of the
# app, the systemd units checked by systemd-analyze, a throw-away TLS certificate from openssl.
/usr/sbin/nginx:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null

/usr/bin/systemd-analyze:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq systemd >/dev/null

/usr/bin/openssl:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openssl >/dev/null

/usr/bin/wrk:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null

lint: install types
	$(VENV)/bin/ruff check directory search tests benchmarks seeds

# Checked everywhere, strict on directory/profiles and most of search/ (pyproject [tool.mypy]).
types: install
	$(VENV)/bin/mypy directory search

clean: services-down
	rm -rf var

# Extract messages and merge them into the English catalog (Indonesian texts are the msgids).
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location \
	  --omit-header -o var/messages.pot .
	$(VENV)/bin/pybabel update -i var/messages.pot -d directory/locale -l en --omit-header \
	  --width 100

# The fault tests alone, printing the figures README's "Reliability" section quotes.
reliability: install
	$(VENV)/bin/pytest tests/test_faults.py -s -q
