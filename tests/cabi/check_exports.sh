#!/bin/sh
# Fails when the shared library exports any symbol that is not part of the C ABI.
set -eu
lib=$1
all=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^$' | grep -v '^MAILINT_1$' || true)
bad=$(printf '%s\n' "$all" | grep -v '^mailint_' || true)
count=$(printf '%s\n' "$all" | grep -c '^mailint_' || true)
echo "exported mailint_* symbols: $count"
if [ -n "$bad" ]; then
  echo "unexpected exports:"; printf '%s\n' "$bad"; exit 1
fi
[ "$count" -ge 15 ]
