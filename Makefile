# The two commands of README.md: `make demo` (the main job on the demo calls) and `make test`.
PYTHON ?= python3

.PHONY: setup demo test check

setup:
	bash scripts/setup.sh

demo: setup
	qa run

check:
	ruff check qa tests bench scripts
	ruff format --check qa tests bench scripts
	lint-imports
	mypy qa

test: setup
	$(MAKE) check
	QA_TEST_POSTGRES_URL=$${QA_TEST_POSTGRES_URL:-$$(bash scripts/postgres.sh)} $(PYTHON) -m pytest -q
