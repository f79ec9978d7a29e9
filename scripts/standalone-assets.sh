#!/usr/bin/env bash
# The standalone server serves static assets only from its own folder: copy them in.
set -euo pipefail
mkdir -p .next/standalone/.next
rm -rf .next/standalone/.next/static
cp -r .next/static .next/standalone/.next/static
if [ -d public ]; then rm -rf .next/standalone/public && cp -r public .next/standalone/public; fi
