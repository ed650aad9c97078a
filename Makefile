# congvan: `make demo` and `make test` are all a newcomer needs; `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Each command congvan runs and the Debian package that provides it; only missing ones are
# installed (a machine whose Node.js comes from elsewhere already has npm, and Debian's would clash).
DEBIAN_NEEDS := soffice:libreoffice-writer-nogui tesseract:tesseract-ocr pdftoppm:poppler-utils qpdf:qpdf \
	chromium:chromium npm:npm
# The web app's browser libraries (pipeline/web/package-lock.json), from the npm registry: no CDN.
WEB_ASSETS := pipeline/web/static/vendor/.installed

.DEFAULT_GOAL := help
.PHONY: help setup system-packages demo test test-fast bench bench-resume bench-web bench-printed fuzz lint clean

help: ## Show this help.
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-16s %s\n", $$1, $$2}'

setup: system-packages $(STAMP) $(WEB_ASSETS) ## Create .venv with congvan and its dev tools; install Debian packages when missing.
	@# bytecode for every module, as a wheel's install writes it: where PYTHONDONTWRITEBYTECODE is set
	@# (CI, containers) each `congvan` run would otherwise compile the package again (0.2 s a start)
	@$(BIN)/python -m compileall -q pipeline >/dev/null

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,web,cluster]'
	touch $(STAMP)

$(WEB_ASSETS): pipeline/web/package.json pipeline/web/package-lock.json
	cd pipeline/web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(@D) && cp pipeline/web/node_modules/cytoscape/dist/cytoscape.min.js $(@D)/
	touch $@

system-packages: ## Install LibreOffice, tesseract (vie; eng, for handwritten digits), poppler, Chromium and npm when missing (needs root).
	@missing=""; for pair in $(DEBIAN_NEEDS); do command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if ! tesseract --list-langs 2>/dev/null | grep -qx vie; then missing="$$missing tesseract-ocr-vie"; fi; \
	if ! tesseract --list-langs 2>/dev/null | grep -qx eng; then missing="$$missing tesseract-ocr-eng"; fi; \
	if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; then missing="$$missing fonts-dejavu-core"; fi; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "missing Debian packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "congvan needs Debian packages; as root run:"; \
		echo "  apt-get update && apt-get install -y --no-install-recommends$$missing"; \
		exit 1; \
	fi

DEMO_DB := build/demo.db

demo: setup ## Ingest the sample dispatches in corpora/seeds/ into SQLite; print lineage, coverage and deadlines.
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm; mkdir -p build
	$(BIN)/congvan ingest corpora/seeds/ --db $(DEMO_DB)
	@echo; echo "== What stands behind and below Chỉ thị 19/CT-TTg"
	$(BIN)/congvan lineage 19/CT-TTg --db $(DEMO_DB)
	@echo; echo "== Who carried out Chỉ thị 34-CT/TW of the Politburo"
	$(BIN)/congvan coverage 34-CT/TW --db $(DEMO_DB)
	@echo; echo "== Deadlines in the sample dispatches, 2024-2025 (working days and Vietnamese holidays counted)"
	$(BIN)/congvan deadlines --db $(DEMO_DB) --from 2024-01-01 --to 2025-12-31 --format text

test: setup lint ## make lint, then the whole test suite (readers, extractors, real corpus when ../shared is there).
	$(BIN)/pytest -q

test-fast: setup ## Tests without LibreOffice, OCR or the real corpus.
	$(BIN)/pytest -q -m "not slow and not real"

bench: setup ## Measure throughput; prints figures and writes bench/results.json.
	$(BIN)/python bench/run.py

bench-resume: setup ## SIGKILL a 20,000-document ingest midway and resume it (after make bench has cached the archive).
	bash bench/kill_resume.sh

bench-web: setup ## The web app under 1, 50 and 200 concurrent clients: searches and lineages per second, p50/p99 (bench/results.json).
	$(BIN)/python bench/web.py

bench-printed: setup ## The digital tune gold printed and scanned (200 dpi, askew, noisy), read by OCR and scored.
	$(BIN)/python bench/printed.py

fuzz: setup ## A random round over every reader and the normaliser, time- and memory-limited; findings in build/fuzz/.
	$(BIN)/python tests/fuzz/fuzz_readers.py --examples $${FUZZ_EXAMPLES:-500}

lint: setup ## ruff over the package and tests, the import contract, then mypy on pipeline/ (pyproject.toml, ARCHITECTURE.md).
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

clean: ## Remove the venv and caches.
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info

# --- The NER of models/congvan_vi (issue 9): pipeline/nlp/, corpora/ner/, models/README.md ---------
.PHONY: train eval ink-model
NER_WEAK := build/ner/weak.jsonl
# one thread each: the same corpora give the same model
NER_ENV := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0

corpora/ner/%.jsonl: corpora/ner/%.txt pipeline/nlp/corpus.py
	$(BIN)/python -m pipeline.nlp.corpus $< $@

$(NER_WEAK): pipeline/nlp/weak_labels.py pipeline/nlp/gazetteer.py pipeline/nlp/train.py pipeline/data/bodies.json pipeline/data/provinces.json
	$(NER_ENV) $(BIN)/python -m pipeline.nlp.train weak --out $@

train: setup $(NER_WEAK) corpora/ner/train.jsonl ## Train the NER (ORG, PER, LOC) of models/congvan_vi: weak labels + corpora/ner/train (minutes).
	$(NER_ENV) $(BIN)/python -m pipeline.nlp.train model --weak $(NER_WEAK) --out models/congvan_vi

# The handwriting fonts are Debian's; installing them changes no other test (Liberation's fonts, which
# stand in for Times New Roman, would change how LibreOffice lays out the seeds: they are not among them).
ink-model: setup ## Train the classifier of handwritten digits (pipeline/data/ink_digits.npz) from Debian's handwriting fonts and the MNIST test set in models/mnist (about four minutes; needs root for the fonts).
	@missing=""; for package in $$($(BIN)/python -c "from pipeline.read.ink_train import INK_FONT_PACKAGES; print(*INK_FONT_PACKAGES)"); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi
	$(BIN)/python -m pipeline.read.ink_train

eval: setup corpora/ner/test.jsonl ## Every gold (digital, scans, effects, dev), tune and check halves side by side; then NER P/R/F1.
	$(BIN)/python bench/gold.py --json bench/gold.json
	$(BIN)/python -m pipeline.nlp.evaluate
