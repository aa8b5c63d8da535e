#!/usr/bin/env bash
# `npm test`: system packages, typecheck, lint, build, unit and component tests in Chromium
# (web-test-runner), end-to-end tests (node:test + playwright-core). Ends with one line that
# totals every check and test: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-packages.sh || exit 1
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1

results=test-results
rm -rf "$results"
mkdir -p "$results"
checks_passed=0
checks_failed=0
failed_names=()

check() {
  local name=$1
  shift
  echo "── $name"
  if "$@"; then
    checks_passed=$((checks_passed + 1))
  else
    checks_failed=$((checks_failed + 1))
    failed_names+=("$name")
  fi
}

check typecheck npm run -s typecheck
check lint npm run -s lint
check build npm run -s build
check "bundle size" npx tsx scripts/check-size.ts

echo "── unit and component tests (web-test-runner, Chromium)"
npm run -s test:unit
wtr_status=$?

echo "── end-to-end tests (node:test, playwright-core, Chromium, Mosquitto)"
node --import tsx --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/e2e.tap" \
  test/e2e/*.test.ts
e2e_status=$?

# Totals: checks + web-test-runner's JSON + node:test's TAP footer. A runner that died
# without writing its totals counts as one failure, so a broken run never reads as green.
read -r wtr_passed wtr_failed wtr_skipped < <(node -e '
  const fs = require("fs");
  try { const t = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); console.log(t.passed, t.failed, t.skipped); }
  catch { console.log(0, 1, 0); }' "$results/wtr-summary.json")
tap_count() { grep -E "^# $1 [0-9]+" "$results/e2e.tap" 2>/dev/null | tail -1 | awk '{print $3}'; }
e2e_passed=$(tap_count pass)
e2e_failed=$(tap_count fail)
e2e_skipped=$(tap_count skipped)
if [ -z "$e2e_passed" ]; then e2e_passed=0; e2e_failed=1; e2e_skipped=0; fi
e2e_cancelled=$(tap_count cancelled)
e2e_failed=$((e2e_failed + ${e2e_cancelled:-0}))
[ "$wtr_status" -ne 0 ] && [ "$wtr_failed" -eq 0 ] && wtr_failed=1
[ "$e2e_status" -ne 0 ] && [ "$e2e_failed" -eq 0 ] && e2e_failed=1

passed=$((checks_passed + wtr_passed + e2e_passed))
failed=$((checks_failed + wtr_failed + e2e_failed))
skipped=$((wtr_skipped + e2e_skipped))
if [ -f "$results/fault-figures.json" ]; then
  echo
  echo "fault figures (test-results/fault-figures.json):"
  node -e 'for (const r of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")))
    console.log(`  ${r.test}: sent ${r.sent}, received ${r.received}, lost ${r.lost}, duplicates ${r.duplicates}, app connections ${r.connections}`)' "$results/fault-figures.json"
fi
# What failed, by name, just above the totals: a CI log is often read from its tail only.
node -e '
  try { for (const f of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).failures ?? [])
    console.log(`web-test-runner failed: ${f}`); } catch {}' "$results/wtr-summary.json"
grep -E "^ *not ok " "$results/e2e.tap" 2>/dev/null | sed -E "s/^ *not ok [0-9]+ - /end-to-end failed: /" || true
echo
echo "checks (typecheck, lint, build, bundle size): $checks_passed passed, $checks_failed failed${failed_names[*]:+ (${failed_names[*]})}"
echo "web-test-runner: $wtr_passed passed, $wtr_failed failed, $wtr_skipped skipped"
echo "end-to-end: $e2e_passed passed, $e2e_failed failed, $e2e_skipped skipped"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
