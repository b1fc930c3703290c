#!/bin/sh
# Set up hefte on a fresh machine (only python3 needed) and build the bundled sample publications.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
# The sample needs a contributor register for the leak check. The real one is private and never in git.
if [ ! -f private/register.yml ]; then
    mkdir -p private
    cp texts/register.example.yml private/register.yml
fi
.venv/bin/hefte build "$@"
