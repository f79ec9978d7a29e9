#!/usr/bin/env bash
# prisma generate needs DATABASE_URL to be set (any well-formed value) to pick the
# JS engine; it never connects. Used by postinstall, build and the Docker image.
set -euo pipefail
export DATABASE_URL="${DATABASE_URL:-postgresql://build@127.0.0.1:5432/build}"
exec npx --no-install prisma generate
