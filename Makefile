# The ways in: make run, make test, make lint, make worker, make beat.
# Each creates .venv and installs what is missing first, so they work on a fresh clone.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Tests run on PostgreSQL (as in CI) unless TEST_DATABASE_URL says otherwise.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/peersupport
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# Parallel workers for pytest-xdist (the machine has 2 cores).
TEST_WORKERS ?= 2
# Known vulnerabilities in the pinned requirements (and what they pull in), from PyPI's JSON API. --strict:
# a package that could not be checked fails the run, rather than passing unchecked.

.PHONY: run test lint format worker beat migrate seed venv system-libs chromium oidc-provider env-file clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# WeasyPrint's system libraries (Debian/Ubuntu), installed when missing.
system-libs:
	@bash scripts/ensure-system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-wqy-microhei

chromium:
	@bash scripts/ensure-system-packages.sh chromium

# The OpenID Connect provider the single sign-on tests start (tests/oidc: npm's oidc-provider, locked), under Node.js.
tests/oidc/node_modules/.installed: tests/oidc/package.json tests/oidc/package-lock.json
	@command -v npm >/dev/null 2>&1 || bash scripts/ensure-system-packages.sh nodejs npm
	npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
	touch $@

oidc-provider: tests/oidc/node_modules/.installed

# A local .env with DEBUG on and a generated secret key, for `make run` only (never committed).
env-file:
	@test -f .env || { printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env; echo "Wrote .env (DEBUG=true, a new SECRET_KEY)"; }

migrate: venv env-file
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_recruitment_demo
	$(PY) manage.py seed_workforce_demo
	$(PY) manage.py seed_development_demo
	$(PY) manage.py seed_outcomes_demo
	$(PY) manage.py run_reminders

run: venv system-libs env-file seed
	$(PY) manage.py runserver 127.0.0.1:8000

# PYTHONDONTWRITEBYTECODE is emptied for the run: with it set (as some machines do), the controller, each worker and
# every process a test starts compile the project and rewrite the ~360 test modules' assertions again (~7 s each).
test: venv system-libs chromium oidc-provider
	PYTHONDONTWRITEBYTECODE= DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) \
	  $(VENV)/bin/pytest -n $(TEST_WORKERS) --create-db $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=sqlite:///:memory: DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/bandit -q -c pyproject.toml -r .
	$(PY) scripts/audit_dependencies.py

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# A Celery worker and beat on Redis (set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0).
worker: venv env-file
	$(VENV)/bin/celery -A peersupport worker --loglevel=info

beat: venv env-file
	$(VENV)/bin/celery -A peersupport beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
