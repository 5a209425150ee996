#!/usr/bin/env bash
# Builds and lints the Azure infrastructure offline: restores the Bicep CLI from NuGet (the only registry
# the build machines reach), then builds the two deployable templates (infra/main.bicep, infra/events.bicep),
# lints every .bicep file under infra/, checks that main.parameters.json names only parameters main.bicep
# declares, checks formatting and the scripts' syntax. Any error OR warning fails the run: Bicep exits 0
# on warnings, so the output is checked too.
#
# Usage: infra/azure/lint.sh            (from anywhere; needs the .NET SDK and node)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
infra="$(cd "$here/.." && pwd)"
tool_project="$here/tools/BicepTool.csproj"

echo "lint: restoring the Bicep CLI (Azure.Bicep.CommandLine.linux-x64) ..."
if ! restore_log="$(dotnet restore "$tool_project" --nologo 2>&1)"; then
  echo "$restore_log" >&2
  echo "lint: FAILED to restore $tool_project" >&2
  exit 2
fi
bicep="$(dotnet msbuild "$tool_project" -nologo -getProperty:BicepPath | tr -d '\r')"
if [[ ! -f "$bicep" ]]; then
  echo "lint: FAILED: the Bicep CLI is not at '$bicep' after restore" >&2
  exit 2
fi
# NuGet extracts package files without the executable bit on some machines.
[[ -x "$bicep" ]] || chmod +x "$bicep"
echo "lint: $("$bicep" --version)"

failures=0

# Runs one bicep command; fails on a non-zero exit or on any diagnostic (Warning or Error) it prints.
check() {
  local what="$1"
  shift
  local output
  if ! output="$("$@" 2>&1 >/dev/null)"; then
    echo "$output" >&2
    echo "lint: FAIL  $what (exit code)" >&2
    failures=$((failures + 1))
    return
  fi
  if grep -qE ' : (Warning|Error) ' <<<"$output"; then
    echo "$output" >&2
    echo "lint: FAIL  $what (diagnostics)" >&2
    failures=$((failures + 1))
    return
  fi
  echo "lint: ok    $what"
}

cd "$infra"
for template in main.bicep events.bicep; do
  check "build $template" "$bicep" build "$template" --stdout
done

mapfile -t bicep_files < <(find . -name '*.bicep' -not -path '*/obj/*' -not -path '*/bin/*' | sort)
if ((${#bicep_files[@]} == 0)); then
  echo "lint: FAIL  no .bicep file found under $infra" >&2
  exit 1
fi
for file in "${bicep_files[@]}"; do
  check "lint ${file#./}" "$bicep" lint "$file"
done

# azd's parameter file: valid JSON, and every parameter it sets is declared by main.bicep.
if node -e '
  const fs = require("fs");
  const parameters = Object.keys(JSON.parse(fs.readFileSync("main.parameters.json", "utf8")).parameters);
  const main = fs.readFileSync("main.bicep", "utf8");
  const missing = parameters.filter(p => !new RegExp(`^param ${p} `, "m").test(main));
  if (missing.length) { console.error("not declared in main.bicep: " + missing.join(", ")); process.exit(1); }
'; then
  echo "lint: ok    main.parameters.json"
else
  echo "lint: FAIL  main.parameters.json" >&2
  failures=$((failures + 1))
fi

# Formatting: `bicep format` is the formatter the editor uses, so a diff means an unformatted file.
for file in "${bicep_files[@]}"; do
  if ! diff -u "$file" <("$bicep" format "$file" --stdout) >/dev/null; then
    echo "lint: FAIL  format ${file#./} (run: bicep format ${file#./})" >&2
    failures=$((failures + 1))
  else
    echo "lint: ok    format ${file#./}"
  fi
done

cd "$here"
scripts=(deploy.sh teardown.sh subscribe-events.sh lint.sh)
for script in "${scripts[@]}"; do
  if bash -n "$script"; then
    echo "lint: ok    bash -n $script"
  else
    echo "lint: FAIL  bash -n $script" >&2
    failures=$((failures + 1))
  fi
done
if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck" shellcheck "${scripts[@]}"
fi

if ((failures > 0)); then
  echo "lint: $failures check(s) failed" >&2
  exit 1
fi
echo "lint: all checks passed"
