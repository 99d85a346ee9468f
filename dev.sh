#!/usr/bin/env bash
# MailIntegration developer entry point.
#   ./dev.sh demo   install what is missing, build, run samples/demo.ps1 against the emulator
#   ./dev.sh test   install what is missing, build, run every test (ctest)
#   ./dev.sh build  install what is missing and build only
# Works on a fresh Debian 12 machine; asks for sudo only to install Debian packages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$(pwd)
build=${MAILINT_BUILD_DIR:-$root/build}
jobs=${MAILINT_JOBS:-$(nproc)}

apt_packages=(build-essential cmake ninja-build pkg-config git openssl libssl-dev libcpprest-dev
  libmsgsl-dev nlohmann-json3-dev catch2 libc-ares-dev bind9-utils bind9)

log() { printf '== %s\n' "$*" >&2; }

install_deps() {
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK (8.0 or later; 10.0 for the tests) is required: install it from Microsoft's" \
         "package feed for Debian 12, then run this again." >&2
    exit 1
  fi
  # NuGet packages (PowerShellStandard.Library, System.Management.Automation, xunit) are restored
  # by the build from the configured NuGet feed.
}

build_all() {
  log "configuring ($build)"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  log "building"
  cmake --build "$build" -j "$jobs"
}

# pwsh where it exists, else the minimal host built on the PowerShell engine package.
powershell() {
  if command -v pwsh >/dev/null 2>&1; then
    pwsh -NoLogo -NoProfile "$@"
  else
    dotnet "$build/pshost/mailint-pwsh.dll" "$@"
  fi
}

run_demo() {
  # Globals, not locals: the EXIT trap runs after this function has returned.
  emulator_out=$(mktemp)
  "$build/emulator/mailint-emulator" --port 0 >"$emulator_out" &
  emulator_pid=$!
  trap 'kill "$emulator_pid" 2>/dev/null || true; rm -f "$emulator_out"' EXIT
  local uri=""
  for _ in $(seq 1 100); do
    uri=$(sed -n 's/^MAILINT_EMULATOR_LISTENING //p' "$emulator_out")
    [ -n "$uri" ] && break
    sleep 0.1
  done
  [ -n "$uri" ] || { echo "the emulator did not start" >&2; exit 1; }
  log "emulator listening on $uri"
  powershell -File "$root/samples/demo.ps1" -EmulatorUri "$uri" -ModulePath "$root/out/MailIntegration"
}

run_tests() {
  log "running tests"
  ctest --test-dir "$build" --output-on-failure -j 2 --timeout 900
  # The module tests record what the emulator counted (writes under -WhatIf, on re-run).
  if [ -f "$build/module-counts.txt" ]; then
    log "module test counts (from the emulator)"
    cat "$build/module-counts.txt"
  fi
}

case "${1:-}" in
  demo) install_deps; build_all; run_demo ;;
  test) install_deps; build_all; run_tests ;;
  build) install_deps; build_all ;;
  *) echo "usage: $0 demo|test|build" >&2; exit 2 ;;
esac
