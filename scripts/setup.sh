#!/bin/sh
# Set up hefte to run (no test tools: `sh scripts/test.sh` adds those) and build the bundled sample.
# Needs python3 (3.11+) and Pango >= 1.44 from the system; the README names the packages per system.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -e .
# The sample needs a contributor register for the leak check. The real one is private and never in git.
if [ ! -f private/register.yml ]; then
    mkdir -p private
    cp texts/register.example.yml private/register.yml
fi
.venv/bin/hefte build "$@"
