#!/bin/sh
# A deploy that fails the way CLIs do: chatter on stdout (here echoing a secret it was given,
# which the monitor must redact), the error on stderr, exit code 3.
echo "authenticating with key $API_KEY"
echo "uploading canary for run $SHIPWATCH_RUN_ID (token $CANARY_TOKEN)"
echo "error: quota exceeded: 3 of 3 apps in use" >&2
exit 3
