#!/bin/sh
# Run the test suite (sets up .venv first if it is missing). Extra arguments go to pytest.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/pytest ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
fi
exec .venv/bin/python -m pytest "$@"
