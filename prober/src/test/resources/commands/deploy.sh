#!/bin/sh
# Deploy step of the command-platform tests: starts the compiled canary in the background on
# a free port (PORT=0; it prints the port it got), waits until it listens, and prints its URL as
# the last line. CANARY_NONCE and CANARY_TOKEN come from the step's environment.
set -eu
log="$SHIPWATCH_RUN_DIR/canary.log"
echo "deploying $SHIPWATCH_TARGET run $SHIPWATCH_RUN_ID"
PORT=0 CANARY_BIND=127.0.0.1 java -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$SHIPWATCH_ARTIFACT" Canary >"$log" 2>&1 &
echo $! >"$SHIPWATCH_RUN_DIR/canary.pid"
i=0
port=
# The start line may be read half-written: wait until it names the port in full (a space follows).
while [ -z "$port" ]; do
  i=$((i + 1))
  if [ "$i" -gt 400 ]; then
    echo "canary did not start within 20 s:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.05
  port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\) .*/\1/p' "$log" 2>/dev/null)
done
echo "http://127.0.0.1:$port"
