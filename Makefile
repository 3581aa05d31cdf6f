# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-dates typecheck rule-index lint install db-stop clean backup restore bench

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

# The role the application logs in to the database as (README, "Deploying"): it owns nothing, may not
# ALTER or TRUNCATE, and may only add rows to the history and the logs. migrate, grant_runtime_role,
# seed_demo, backup and restore run as the owner: DATABASE_OWNER_URL when set, else DATABASE_URL, else
# the embedded server's superuser.
RUNTIME_ROLE ?= parentpartner_app
AS_OWNER = DATABASE_URL="$${DATABASE_OWNER_URL:-$$DATABASE_URL}"

## Set up everything (virtualenv, database, demo data) and serve on http://127.0.0.1:8000
## With the embedded database: migrations as its superuser (the owner), then the runtime role
## RUNTIME_ROLE is created or brought up to date, and the server runs as that role.
run: $(STAMP)
	DEBUG=1 $(AS_OWNER) $(BIN)/python manage.py migrate --no-input
	@if [ -z "$$DATABASE_URL" ]; then DEBUG=1 $(BIN)/python manage.py grant_runtime_role $(RUNTIME_ROLE); \
	elif [ -z "$$DATABASE_OWNER_URL" ]; then echo "make run: DATABASE_URL without DATABASE_OWNER_URL, one role for everything (README, Deploying)"; \
	else echo "make run: DATABASE_OWNER_URL set; run manage.py grant_runtime_role <role> as the owner after migrate (README, Deploying)"; fi
	DEBUG=1 $(AS_OWNER) $(BIN)/python manage.py seed_demo
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
	DEBUG=1 TWO_FACTOR_REQUIRED=0 EMBEDDED_DATABASE_ROLE=$(RUNTIME_ROLE) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Every pytest run is spread over PYTEST_WORKERS processes (pytest-xdist), each with its own test
# database (test_<name>_gw0, _gw1, ...), its own live server on a free port and its own Chromium.
# 3 on the 2-core machines here: a worker spends much of its time waiting on PostgreSQL, on the live
# server or on Chromium, so one worker more than cores keeps both busy. Measured on 2 cores (other jobs
# running too, so noisy), make test-fast back to back: -n 2 485 s, -n 3 338 s, then -n 4 704 s (with more
# load from other jobs, but no better on a smaller mixed sample either: 87, 92, 107 s for -n 2, 3, 4; and
# each worker adds a Chromium and a live server). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 3
XDIST = -n $(PYTEST_WORKERS)

## The whole suite: lint, migrations check, type check, unit, view, browser and fuzz tests (in parallel),
## then the date-sensitive tests on awkward dates (test-dates). JUNIT_DIR=<dir> writes a JUnit report
## per run there (CI reads them; with xdist, one file per run, written by the controlling process).
test: $(STAMP)
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	@$(MAKE) --no-print-directory typecheck
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS) $(if $(JUNIT_DIR),--junitxml=$(JUNIT_DIR)/suite.xml)
	@$(MAKE) --no-print-directory test-dates

## The everyday lane: every test but the browser tests and the fuzzing (markers `browser`, `fuzz`), in parallel.
test-fast: $(STAMP)
	$(BIN)/pytest $(XDIST) -m "not browser and not fuzz" $(PYTEST_ARGS)

## mypy with django-stubs on the application's packages (settings in pyproject.toml, [tool.mypy]).
## The plugin imports the settings; a placeholder DATABASE_URL keeps them from starting the embedded
## PostgreSQL (mypy connects to no database).
typecheck: $(STAMP)
	DATABASE_URL="$${DATABASE_URL:-postgres://localhost/typecheck}" $(BIN)/mypy

# The days on which "today" is awkward (README, "Tests on awkward dates"): a 30-day month's last day, the
# last day of the year (and of a quarter), a leap day, the first day of a year (a state holiday). Each
# run starts at 21:00 in Chicago, when the UTC date is already the next day.
TEST_DATES ?= 2027-04-30 2026-12-31 2028-02-29 2027-01-01
# The tests whose outcome depends on the day they run: every rule counted from today (activity-form
# months, first contacts, trainings and their deadlines, time gates of role progression, eligibility
# and review cases, quarters, dashboards, file audits, meetings, pay months) and the test clock itself.
DATE_SENSITIVE_TESTS = tests/core/test_clock.py tests/mentoring/test_mentoring.py tests/mentoring/test_support.py \
	tests/mentoring/test_safety.py tests/training/test_training.py tests/core/test_roles.py tests/eligibility/test_eligibility.py \
	tests/eligibility/test_review_cases.py tests/eligibility/test_pages.py tests/reporting/test_quarterly_reports.py \
	tests/reporting/test_quarters.py tests/reporting/test_meetings.py tests/reporting/test_file_audits.py \
	tests/reporting/test_dashboards.py tests/reporting/test_outcomes.py tests/core/test_door.py \
	tests/training/test_gates.py tests/mentoring/test_gates.py tests/mentoring/test_reassignments.py tests/mentoring/test_pay.py \
	tests/mentoring/test_self_approval.py tests/core/test_password_checks.py

## The date-sensitive tests once per day of TEST_DATES, the clock set by TEST_TODAY; fails if any run fails.
## In parallel; one database per worker for all the runs: created afresh by the first, reused by the others.
test-dates: $(STAMP)
	@failed=""; db="--create-db"; \
	for day in $(TEST_DATES); do \
	  echo "== make test-dates: TEST_TODAY=$$day"; \
	  TEST_TODAY=$$day $(BIN)/pytest -q $(XDIST) --reuse-db $$db $(DATE_SENSITIVE_TESTS) \
	    $(if $(JUNIT_DIR),--junitxml=$(JUNIT_DIR)/dates-$$day.xml) || failed="$$failed $$day"; \
	  db=""; \
	done; \
	if [ -n "$$failed" ]; then echo "make test-dates: failed on$$failed"; exit 1; fi

## Rewrite the README's index of rule ids (where each is enforced and proved; tests/core/test_rule_index.py checks it)
rule-index:
	$(BIN)/python -m tests.core.rule_index

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Dump the database (DATABASE_OWNER_URL, DATABASE_URL, or the embedded one) to backups/<name>-<UTC time>.dump
## The embedded server's pg_dump (16.2) lacks the CVE-2024-7348 fix: ALLOW_UNPATCHED_PG_DUMP=1 accepts it
## for the embedded development database only.
backup: $(STAMP)
	$(BIN)/python -m parentpartner.backup dump $(if $(ALLOW_UNPATCHED_PG_DUMP),--allow-unpatched-pg-dump)

## Replace the database's contents with a dump: make restore FILE=backups/x.dump [YES=1 to skip the question]
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<file>.dump [YES=1]"; exit 2; }
	$(BIN)/python -m parentpartner.backup restore "$(FILE)" $(if $(YES),--yes)

## Stop the embedded PostgreSQL that `make run` started (in .pgdata/), or say why it cannot
## (parentpartner/env.py: pg_ctl stop -m fast; a stale postmaster.pid is removed)
db-stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m parentpartner.env db-stop .pgdata; \
	else echo "make db-stop: no $(BIN)/python, so no embedded PostgreSQL was started from this checkout"; fi

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
