#!/usr/bin/env bash
# Writes a new migration from the difference between the committed schema and the
# working copy. Usage: npm run db:migration:new -- <name>
set -euo pipefail
name="${1:?usage: npm run db:migration:new -- <name>}"
[[ "$name" =~ ^[a-z0-9_]+$ ]] || { echo "migration name must be lower_snake_case" >&2; exit 2; }
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
old=$(mktemp --suffix=.prisma)
trap 'rm -f "$old"' EXIT
if git cat-file -e HEAD:prisma/schema.prisma 2>/dev/null; then
  git show HEAD:prisma/schema.prisma > "$old"
  from=(--from-schema-datamodel "$old")
else
  from=(--from-empty)
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
sql=$(npx prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script)
if ! grep -qvE '^\s*(--.*)?$' <<<"$sql"; then
  echo "schema.prisma has no changes against HEAD; no migration written" >&2
  exit 1
fi
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote $dir/migration.sql"
