#!/usr/bin/env bash
# Before `npm test`: the suite checks the fixer against real gofmt, type-checks the framework
# fixtures with go vet, and runs the real pre-commit framework. Install them from Debian when
# missing (as root), else say how.
set -euo pipefail
need=()
{ command -v gofmt >/dev/null 2>&1 && command -v go >/dev/null 2>&1; } || need+=(golang-go)
command -v pre-commit >/dev/null 2>&1 || need+=(pre-commit)
[ "${#need[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing ${need[*]} (Debian packages the tests need)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "test-deps: the tests need ${need[*]}: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
