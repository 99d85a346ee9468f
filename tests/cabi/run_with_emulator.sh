#!/bin/bash
# run_with_emulator.sh EMULATOR COMMAND [ARGS...]: starts the emulator on a free port, runs COMMAND
# with MAILINT_EMULATOR_URL set to its base URL, and stops it (--stdin-lifetime: closing its input
# is enough, so a killed test run takes the emulator with it). Exits with COMMAND's status.
set -u
emulator=$1
shift
coproc EMU { exec "$emulator" --port 0 --stdin-lifetime; }
if ! read -r -t 30 line <&"${EMU[0]}"; then
  echo "run_with_emulator: the emulator did not start" >&2
  exit 2
fi
case $line in
  "MAILINT_EMULATOR_LISTENING "*) url=${line#MAILINT_EMULATOR_LISTENING } ;;
  *) echo "run_with_emulator: unexpected first line: $line" >&2; exit 2 ;;
esac
MAILINT_EMULATOR_URL=$url "$@"
rc=$?
pid=$EMU_PID
eval "exec ${EMU[1]}>&-"
wait "$pid" 2>/dev/null
exit $rc
