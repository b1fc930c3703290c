#!/bin/sh
# Run the test suite: sets up .venv with hefte and its test tools (pytest, Playwright, axe) first if they are
# missing. Extra arguments go to pytest. The browser tests need Chromium from the system (see the README).
set -eu
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if [ ! -x .venv/bin/pytest ]; then
    .venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
fi
if [ ! -f private/register.yml ]; then
    mkdir -p private
    cp texts/register.example.yml private/register.yml
fi
exec .venv/bin/python -m pytest "$@"
