#!/usr/bin/env bash
# Regenerates the PostgreSQL migration set (migrations/PostgreSql) from the current model as one Initial migration.
# Run it after changing the model (and adding the SQLite migration as usual); see docs/scale-out.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf migrations/PostgreSql src/PatcherPortal.Web/PatcherPortal
dotnet tool run dotnet-ef migrations add Initial --project src/PatcherPortal.Web --context PostgreSqlPortalDbContext \
  --output-dir ../../migrations/PostgreSql --namespace PatcherPortal.Migrations.PostgreSql
# dotnet-ef puts a new snapshot under a folder named after its namespace; keep it beside its migration.
mv src/PatcherPortal.Web/PatcherPortal/Migrations/PostgreSql/*.cs migrations/PostgreSql/
rm -rf src/PatcherPortal.Web/PatcherPortal
