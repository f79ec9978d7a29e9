#!/usr/bin/env bash
# The standalone server serves static assets only from its own folder: copy them in.
set -euo pipefail
mkdir -p .next/standalone/.next
rm -rf .next/standalone/.next/static
cp -r .next/static .next/standalone/.next/static
if [ -d public ]; then rm -rf .next/standalone/public && cp -r public .next/standalone/public; fi
# Next copies .env files into the standalone folder; settings come from the environment
# (npm start passes the project's .env), so no secret file is left inside the build.
rm -f .next/standalone/.env .next/standalone/.env.*
