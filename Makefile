# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install db-stop clean backup restore bench

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

## Set up everything (virtualenv, database, demo data) and serve on http://127.0.0.1:8000
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Demo logins (password for all: parent-partner-demo-2026):"
	@echo "  coordinator, coordinator2   site coordinators (Des Moines; Sioux City and Council Bluffs)"
	@echo "  areacoordinator             service area coordinator (Des Moines)"
	@echo "  statewide                   statewide coordinator"
	@echo "  contractmanager             DHS contract manager"
	@echo "  clinician                   clinician (Des Moines and Ames sites)"
	@echo "  liaison                     DHS liaison (Des Moines area)"
	@echo "  parentpartner               a Parent Partner"
	@echo "  sysadmin                    system administrator"
	@echo ""
	DEBUG=1 TWO_FACTOR_REQUIRED=0 $(BIN)/python manage.py runserver 127.0.0.1:8000

## The whole suite: lint, migrations check, unit, view and browser tests
test: $(STAMP)
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Dump the database (DATABASE_URL, or the embedded one) to backups/<name>-<UTC time>.dump
backup: $(STAMP)
	$(BIN)/python -m parentpartner.backup dump

## Replace the database's contents with a dump: make restore FILE=backups/x.dump [YES=1 to skip the question]
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<file>.dump [YES=1]"; exit 2; }
	$(BIN)/python -m parentpartner.backup restore "$(FILE)" $(if $(YES),--yes)

## Stop the embedded PostgreSQL that `make run` started (only when DATABASE_URL is unset)
db-stop:
	-$(BIN)/python -c "import pgserver, pathlib; pgserver.get_server(pathlib.Path('.pgdata'), cleanup_mode='stop').cleanup()"

clean: db-stop
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## The benchmark of issue 9 on the scale data (see README, Performance). DATABASE_URL must point at a
## database filled by `manage.py seed_scale`; BENCH_DEMO_URL (optional) at one filled by seed_demo,
## for the demo query counts.
## TWO_FACTOR_REQUIRED=0: the bench's sessions (force_login, prepared session rows) skip the second factor.
BENCH_ENV = SECRET_KEY=benchmark-only-key-not-for-production-0123456789abcdefghij ALLOWED_HOSTS=127.0.0.1,localhost,testserver TWO_FACTOR_REQUIRED=0
bench: $(STAMP)
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL to the scale database (manage.py seed_scale)"; exit 2)
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	@if [ -n "$(BENCH_DEMO_URL)" ]; then $(BENCH_ENV) DATABASE_URL=$(BENCH_DEMO_URL) $(BIN)/python -m bench.run --counts-only; fi
	$(BENCH_ENV) $(BIN)/python -m bench.load
	$(BENCH_ENV) $(BIN)/python -m bench.run
