# The two commands a newcomer needs: `make run` and `make test`.
# Each creates .venv with a Python 3.11+ found on the PATH, installs, and does the rest.

PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

SCALE ?= 1.0
SCALES ?= 0.1 1.0
BENCH_ARGS ?=

.PHONY: install lock run test lint format migrate demo shell backup seed-national bench stack faults

# Installs exactly what requirements.lock pins, each file checked against its hash; the project
# itself then goes in editable, without resolving anything again.
$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "cddfund needs Python 3.11 or newer on the PATH (python3)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(STAMP)

# After changing the dependencies in pyproject.toml: pin them again (every platform, Python 3.11+),
# keeping the versions already pinned; `make lock UPGRADE=--upgrade` moves every pin to the newest.
UPGRADE ?=
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes $(UPGRADE) -o requirements.lock

migrate: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_areas
	$(PY) manage.py load_indicator_set

demo: migrate
	HOST=$(HOST) $(PY) manage.py seed_demo

# The web server and one job worker (exports, imports), both stopped by Ctrl-C.
run: demo
	HOST=$(HOST) $(VENV)/bin/honcho start -f Procfile

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

shell: $(STAMP)
	$(PY) manage.py shell

backup: $(STAMP)
	$(PY) manage.py backup_db

# National scale: a synthetic country (SCALE=1.0: 1,000,000 households), then the benchmarks.
# Use a database of its own: DATABASE_URL=postgres://.../cddfund_bench, or
# EMBEDDED_POSTGRES_DB=cddfund_bench for the embedded server.
seed-national: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_national --scale $(SCALE)

# The benchmarks at two scales (each seeded once in a database of its own) and how each figure
# grows between them: `make bench SCALES="0.1 1.0" BENCH_ARGS="--out F -- --skip-throughput"`.
bench: $(STAMP)
	$(PY) manage.py bench_growth --scales $(SCALES) $(BENCH_ARGS)

# The scale-out stack on 127.0.0.1: PostgreSQL primary + streaming replica, an S3 server, two web
# processes and two job workers, with production settings (scale/stack.py). Ctrl-C stops it.
stack: $(STAMP)
	$(PY) manage.py stack

# The same stack put through the faults of scale/faults.py: a worker killed mid-export, reports
# on the replica under writes, the primary restarted during a burst. Fails if any check fails.
faults: $(STAMP)
	$(PY) manage.py faults $(FAULTS_ARGS)
