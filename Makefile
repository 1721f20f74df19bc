# Two commands set everything up: `make lab` and `make test` (README).
# The virtual environment is created on first use and reinstalled only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDORED := build/vendor/.fetched
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT ?= 8888
# TensorFlow's C++ start-up banners reach the notebooks as red text; they mean nothing to a student
# (only both settings together silence them).
export TF_CPP_MIN_LOG_LEVEL ?= 3
export TF_ENABLE_ONEDNN_OPTS ?= 0
# The course's kernel sets them itself (kernel.json), so a notebook opened from any JupyterLab
# started on this .venv shows no banner either.
KERNEL_SPEC = $(BIN)/python -m ipykernel install --sys-prefix --name python3 \
	--display-name "Python 3 (ipykernel)" --env TF_CPP_MIN_LOG_LEVEL 3 --env TF_ENABLE_ONEDNN_OPTS 0 >/dev/null

.PHONY: install lab test lint format html slides solutions bench clean

install: $(STAMP) $(VENDORED)

# The overrides: Spanish menus, no news or update checks, RISE's theme. jupyterlab-rise pulls in
# jupyterlab-mathjax3, a JupyterLab 3 extension that would replace JupyterLab 4's own formula
# renderer: it is switched off.
$(STAMP): pyproject.toml config/jupyterlab-overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e ".[test]"
	mkdir -p $(LAB_SETTINGS)
	cp config/jupyterlab-overrides.json $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyterlab/mathjax3-extension >/dev/null 2>&1
	$(KERNEL_SPEC)
	touch $(STAMP)

# What the slides load (reveal.js, MathJax, the widget renderer…), fetched once with npm so that
# `make slides` and the tests work offline. Without npm only the slides miss them (they then use
# the CDNs, and say so): `make lab` does not need them.
$(VENDORED): tools/publish.py | $(STAMP)
	$(BIN)/python tools/publish.py vendor
	mkdir -p $(@D)
	touch $@

# JupyterLab in Spanish on 127.0.0.1 with a token, opened on the course index, the memory meter in
# the status bar; news and update checks off.
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
		--LabApp.default_url=/lab/tree/notebooks/00_indice.ipynb

# Every test layer: lint, unit tests of helpers, repository checks, notebooks (nbval), browser.
test: $(STAMP) $(VENDORED)
	$(BIN)/ruff check helpers tests tools benchmarks notebooks
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env tests notebooks

lint: $(STAMP)
	$(BIN)/ruff check helpers tests tools benchmarks notebooks
	$(BIN)/ruff format --check helpers tests tools benchmarks

format: $(STAMP)
	$(BIN)/ruff format helpers tests tools benchmarks
	$(BIN)/ruff check --fix helpers tests tools benchmarks notebooks

# Every notebook executed into a small static site, build/html/index.html (for students who
# cannot run them), or into reveal.js slides, build/slides/ (tools/publish.py says how).
html: $(STAMP)
	$(BIN)/python tools/publish.py html

slides: $(STAMP) $(VENDORED)
	$(BIN)/python tools/publish.py slides

# For instructors: the notebooks with every exercise solution unfolded, in build/soluciones/.
solutions: $(STAMP)
	$(BIN)/python tools/publish.py solutions

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Everything built, except build/vendor (fetched once, needed offline).
clean:
	if [ -d build ]; then find build -mindepth 1 -maxdepth 1 ! -name vendor -exec rm -rf {} +; fi
