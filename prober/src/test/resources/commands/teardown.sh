#!/bin/sh
# Teardown step of the command-platform tests: stops the canary the deploy step started (if it
# got that far) and notes that it ran, with the URL it was given, in $TEARDOWN_MARKER.
set -eu
pidfile="$SHIPWATCH_RUN_DIR/canary.pid"
if [ -f "$pidfile" ]; then
  kill "$(cat "$pidfile")" 2>/dev/null || true
fi
echo "$SHIPWATCH_RUN_ID url=$SHIPWATCH_URL" >>"$TEARDOWN_MARKER"
