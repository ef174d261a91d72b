#!/usr/bin/env bash
# Runs every suite: the xunit projects (C#, circuits through their C# tests, a real anvil), the
# field tests once more with hardware intrinsics off (the plain scalar paths), the field and curve
# tests once more with the native field kernel off (the C# products), the CLI's process
# tests once more against its native build, and the forge tests. Builds first (which installs
# the pinned JS toolchain, compiles the circuits and the contracts). Ends with one line
# `N passed, N failed` summing all suites; exits non-zero if anything failed or a suite could not run.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

configuration=${CONFIGURATION:-Release}
results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

passed=0
failed=0
summary=()
report() {
  summary+=("$(printf '%-8s %s passed, %s failed' "$1" "$2" "$3")")
  passed=$((passed + $2))
  failed=$((failed + $3))
}

# run_xunit NAME TARGET [ENV=VALUE...] [-- DOTNET_TEST_ARGS...]: dotnet test on TARGET, counted
# from its TRX files.
run_xunit() {
  local name=$1 target=$2 dir="$results/$1" vars=() args=()
  shift 2
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && shift && args=("$@")
  env "${vars[@]}" dotnet test "$target" -c "$configuration" --no-build -nologo \
    --logger "trx" --results-directory "$dir" --blame-hang-timeout 10m "${args[@]}"
  local exit_code=$? counts
  # One TRX per test project; each carries <Counters total=.. passed=.. failed=..>.
  counts=$(cat "$dir"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' |
    sed -E 's/.* passed="([0-9]+)" failed="([0-9]+)".*/\1 \2/' |
    awk '{p += $1; f += $2} END {print p + 0, f + 0}')
  local p=${counts% *} f=${counts#* }
  # A crashed or aborted run may leave no failed count behind: it still counts as a failure.
  if [ "$exit_code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  report "$name" "$p" "$f"
}

echo "== build ($configuration)"
if ! dotnet build CrossMargin.sln -c "$configuration" -v minimal -nologo; then
  echo "the build failed: nothing was tested"
  echo "0 passed, 1 failed"
  exit 1
fi

# The auditor's report page is tested in real headless Chromium (Debian's, /usr/bin/chromium).
# When it is missing it is installed here, each apt step bounded in time; a failed install counts
# as a failure in the summary (and the page's tests then fail saying Chromium is missing).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "== chromium: /usr/bin/chromium is missing; installing Debian's chromium with apt-get"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120)
  if [ "$(id -u)" -ne 0 ]; then apt=(sudo -n "${apt[@]}"); fi
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    echo "apt's package lists are missing: apt-get update first"
    timeout 600 "${apt[@]}" update </dev/null
  fi
  echo "apt-get install -y chromium"
  if ! timeout 900 "${apt[@]}" install -y chromium </dev/null; then
    # Lists too old to hold the current package: refresh them once and try again.
    echo "the install failed: apt-get update, then apt-get install -y chromium once more"
    timeout 600 "${apt[@]}" update </dev/null
    timeout 900 "${apt[@]}" install -y chromium </dev/null
  fi
  [ -x /usr/bin/chromium ]
}
if ! ensure_chromium; then
  echo "chromium could not be installed: the report page's tests will fail"
  report chromium 0 1
fi

echo "== xunit"
run_xunit xunit CrossMargin.sln

echo "== xunit, hardware intrinsics off"
run_xunit scalar tests/CrossMargin.Field.Tests/CrossMargin.Field.Tests.csproj DOTNET_EnableHWIntrinsic=0

# The C# arithmetic once more where the native field kernel (libcrossmargin_native.so, built when
# the machine has cc) would otherwise take its place: F_q's Montgomery product, F_q2's product and
# square, F_q12's products, the Miller loop's twist steps, the Jacobian point formulas and the
# NTT's butterflies, in the suites of the fields, the curves on them and the polynomials.
echo "== xunit, native field kernel off"
run_xunit managed CrossMargin.sln CROSSMARGIN_NATIVE_KERNEL=0 -- \
  --filter "FullyQualifiedName~CrossMargin.Field.Tests|FullyQualifiedName~CrossMargin.Curves.Tests|FullyQualifiedName~CrossMargin.Poly.Tests"

# The wide field kernel once more without AVX-512 (.NET 10 reads EnableAVX512, older ones
# EnableAVX512F) and once without AVX2: each lane type then runs its portable fallback.
wide_filter=(--filter "FullyQualifiedName~CrossMargin.Field.Tests.Wide")
echo "== xunit, wide field kernel, AVX-512 off"
run_xunit noavx512 tests/CrossMargin.Field.Tests/CrossMargin.Field.Tests.csproj \
  DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 -- "${wide_filter[@]}"
echo "== xunit, wide field kernel, AVX2 off"
run_xunit noavx2 tests/CrossMargin.Field.Tests/CrossMargin.Field.Tests.csproj DOTNET_EnableAVX2=0 -- "${wide_filter[@]}"

# The native build (NativeAOT) that ./crossmargin runs for every verb but the managed-only ones:
# the CLI's witness, proof and margin tests that run it as a process, once more against it.
# Linking it needs a C toolchain; without one ./crossmargin runs the managed build for every verb
# and this pass is skipped (said so below, counted as nothing).
native_filter="FullyQualifiedName~CrossMargin.Groth16.Tests.ExitCodeTests|FullyQualifiedName~CrossMargin.Groth16.Tests.SnarkjsVerbComparisonTests|FullyQualifiedName~CrossMargin.Margin.Tests.SolvencyProofTests"
echo "== xunit, native CLI"
if { command -v cc || command -v gcc || command -v clang; } >/dev/null 2>&1; then
  if ./crossmargin poseidon 1 2 >/dev/null && [ -x artifacts/cli-native/crossmargin ] && [ ! -f artifacts/cli-native/.failed ]; then
    run_xunit native CrossMargin.sln CROSSMARGIN_CLI="$PWD/artifacts/cli-native/crossmargin" -- --filter "$native_filter"
  else
    echo "the native CLI could not be published (above)"
    report native 0 1
  fi
else
  echo "no C toolchain (cc, gcc or clang): ./crossmargin runs the managed CLI for every verb; the native pass is skipped"
fi

echo "== forge"
forge_log="$results/forge.log"
(cd contracts && ../eng/forge test --offline) 2>&1 | tee "$forge_log"
forge_exit=${PIPESTATUS[0]}
# forge ends with "Ran N test suites ...: P tests passed, F failed, S skipped (T total tests)".
line=$(grep -E '^Ran [0-9]+ test suites? ' "$forge_log" | tail -n 1)
forge_passed=$(sed -E 's/.*: ([0-9]+) tests passed.*/\1/' <<<"$line")
forge_failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
[[ "$forge_passed" =~ ^[0-9]+$ ]] || forge_passed=0
[[ "$forge_failed" =~ ^[0-9]+$ ]] || forge_failed=0
if [ "$forge_exit" -ne 0 ] && [ "$forge_failed" -eq 0 ]; then forge_failed=1; fi
report forge "$forge_passed" "$forge_failed"

echo "== summary"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
