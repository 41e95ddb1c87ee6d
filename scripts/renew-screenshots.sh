#!/usr/bin/env bash
# Renews the portal screenshots in docs/images/ from the browser journey test (tiny models, a throwaway portal):
# an annotator corrects a wrong answer, an admin approves then removes the patch, and every main page is captured.
#
#   scripts/renew-screenshots.sh [--no-build]
#
# Needs Debian's Chromium (apt-get install -y chromium chromium-driver).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
project=tests/PatcherPortal.Web.Tests
shots=$project/bin/Debug/net10.0/artifacts/screenshots

[[ "${1:-}" == "--no-build" ]] || dotnet build "$project" -v quiet -nologo
rm -rf "$shots"
dotnet test "$project" --no-build --filter "FullyQualifiedName~PortalJourneyTests"

pages=(sign-in dashboard playground correction-dialog correction-result review-queue patches-pending patches
  playground-patched corrections model-growth retain-metrics audit-log admin admin-dark)
mkdir -p docs/images
for page in "${pages[@]}"; do
  [[ -f "$shots/$page.png" ]] || { echo "the journey took no screenshot named $page" >&2; exit 1; }
  cp "$shots/$page.png" "docs/images/$page.png"
done
echo "renewed ${#pages[@]} screenshots in docs/images/"
