# Birgemiz Academy. A newcomer needs two targets: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test bench lint format lock messages check-deploy security clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required")'
	$(PYTHON) -m venv $(VENV)

# Stamps re-install when a lock file changes.
$(VENV)/.base-installed: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.base-installed

## run: install, migrate, load the demo data and serve http://127.0.0.1:8000 (SQLite, eager Celery)
run: $(VENV)/.base-installed
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) manage.py load_demo_data
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite: on PostgreSQL (when reachable) and on SQLite
test: $(VENV)/.dev-installed
	$(PY) scripts/run_tests.py $(PYTEST_ARGS)

## bench: benchmarks in bench/ (never part of make test)
bench: $(VENV)/.dev-installed
	$(PY) bench/run.py
	$(PY) bench/quiz.py
	$(PY) bench/certificates.py
	$(PY) bench/plan.py
	$(PY) bench/pages.py
	$(PY) bench/sessions.py
	$(PY) bench/people_import.py
	$(PY) bench/reports.py
	$(PY) bench/reports_export.py

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## lock: recompile requirements/*.txt from requirements/*.in
lock: $(VENV)/.dev-installed
	$(PY) -m pip install --quiet "pip-tools==7.6.2"
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/base.txt requirements/base.in
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/dev.txt requirements/dev.in

## messages: refresh locale/*/LC_MESSAGES/django.po from the code, then compile .mo
messages: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) manage.py makemessages -l kk -l ru -l en --no-obsolete -i ".venv/*" -i "var/*" -i "staticfiles/*"
	$(PY) scripts/compile_messages.py

## security: bandit over the project's code (no high-severity finding; settings in
## pyproject.toml) and Django's deployment checks on production settings (CI runs it)
security: $(VENV)/.dev-installed
	$(VENV)/bin/bandit --quiet -c pyproject.toml -r . --severity-level high
	$(MAKE) --no-print-directory check-deploy

check-deploy: $(VENV)/.base-installed
	DJANGO_SETTINGS_MODULE=lms.settings.production DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  DJANGO_ALLOWED_HOSTS=academy.example.kz LMS_PUBLIC_URL=https://academy.example.kz DATABASE_URL=sqlite:///var/check.sqlite3 REDIS_URL=redis://127.0.0.1:6379/0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf var/test-media staticfiles
