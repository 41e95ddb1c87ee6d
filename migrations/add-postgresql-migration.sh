#!/usr/bin/env bash
# Adds a PostgreSQL migration (migrations/PostgreSql) for a model change, beside the SQLite one of the same name;
# see docs/scale-out.md. Check the generated defaults: existing rows get them.
set -euo pipefail
name="${1:?usage: migrations/add-postgresql-migration.sh <MigrationName>}"
cd "$(dirname "$0")/.."
dotnet tool run dotnet-ef migrations add "$name" --project src/PatcherPortal.Web --context PostgreSqlPortalDbContext \
  --output-dir ../../migrations/PostgreSql --namespace PatcherPortal.Migrations.PostgreSql
# dotnet-ef puts the updated snapshot under a folder named after its namespace; keep it beside its migrations.
mv src/PatcherPortal.Web/PatcherPortal/Migrations/PostgreSql/*.cs migrations/PostgreSql/
rm -rf src/PatcherPortal.Web/PatcherPortal
