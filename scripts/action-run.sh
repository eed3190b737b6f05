#!/usr/bin/env bash
# The check step of the irready GitHub Action. It runs irready on the plan repository:
# the SARIF report to a file, the Markdown summary to $GITHUB_STEP_SUMMARY, the counts to
# the step outputs, and last the check that gates the job, as workflow commands or, with
# the check-run input, as a check run. Its exit code is irready's: 0 passed, 1 findings
# reach fail-on, 2 irready could not run.
#
# Environment: IRREADY (the binary), INPUT_PATH, INPUT_CONFIG, INPUT_FAIL_ON, INPUT_BASE,
# INPUT_NOW, INPUT_CHECK_RUN, GITHUB_TOKEN (for the check run), RUNNER_TEMP, GITHUB_OUTPUT
# and GITHUB_STEP_SUMMARY.
set -euo pipefail

irready="${IRREADY:?the install step names the binary}"
out="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/irready-action"
mkdir -p "$out"
sarif="$out/irready.sarif"
report="$out/irready.json"

args=("${INPUT_PATH:-.}")
if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_NOW:-}" ]; then args+=(--now "$INPUT_NOW"); fi
if [ -n "${INPUT_BASE:-}" ]; then args+=(--base "$INPUT_BASE"); fi
fail_on="${INPUT_FAIL_ON:-error}"

# Runs `irready check` with the common arguments; exit code 1 (findings) is fine here,
# 2 (could not run) ends the step with irready's error on stderr.
report_with() {
  local status=0
  "$irready" check "${args[@]}" "$@" || status=$?
  if [ "$status" -ge 2 ]; then exit "$status"; fi
}

report_with --fail-on never --format sarif --output "$sarif"
report_with --fail-on never --format json --output "$report"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  report_with --fail-on "$fail_on" --format markdown >> "$GITHUB_STEP_SUMMARY"
fi

# The counts, from the `summary` object that ends the JSON report (version 1).
count() {
  sed -n '/^  "summary": {/,/^  }/p' "$report" | sed -n "s/^    \"$1\": \([0-9]*\),\{0,1\}$/\1/p"
}
{
  echo "errors=$(count error)"
  echo "warnings=$(count warning)"
  echo "info=$(count info)"
  echo "waived=$(count waived)"
  echo "sarif=$sarif"
} >> "$GITHUB_OUTPUT"

# The check that gates the job: its findings as annotations, its exit code the step's.
if [ "${INPUT_CHECK_RUN:-false}" = true ]; then
  exec "$irready" check "${args[@]}" --fail-on "$fail_on" --format human --check-run
fi
exec "$irready" check "${args[@]}" --fail-on "$fail_on" --format github
