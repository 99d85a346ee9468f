#!/bin/sh
# Fails when the shared library exports any symbol that is not part of the C ABI, or, given the
# header, when a function the header declares is not exported (or one is exported it does not declare).
set -eu
lib=$1
header=${2:-}
all=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^$' | grep -v '^MAILINT_1$' || true)
bad=$(printf '%s\n' "$all" | grep -v '^mailint_' || true)
count=$(printf '%s\n' "$all" | grep -c '^mailint_' || true)
echo "exported mailint_* symbols: $count"
if [ -n "$bad" ]; then
  echo "unexpected exports:"; printf '%s\n' "$bad"; exit 1
fi
if [ -n "$header" ]; then
  declared=$(tr '\n' ' ' < "$header" | grep -o 'MAILINT_EXTERN([^)]*) *mailint_[a-z_0-9]*(' | sed 's/.*) *\(mailint_[a-z_0-9]*\)(/\1/' | sort -u)
  exported=$(printf '%s\n' "$all" | sed 's/@.*//' | sort -u)
  missing=$(printf '%s\n' "$declared" | grep -vxF "$exported" || true)
  extra=$(printf '%s\n' "$exported" | grep -vxF "$declared" || true)
  [ -z "$missing" ] || { echo "declared in mailint.h but not exported:"; printf '%s\n' "$missing"; exit 1; }
  [ -z "$extra" ] || { echo "exported but not declared in mailint.h:"; printf '%s\n' "$extra"; exit 1; }
  echo "every function of mailint.h is exported, nothing else"
fi
[ "$count" -ge 15 ]
