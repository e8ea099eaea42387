#!/bin/sh
# A deploy that never finishes: a background child, a grandchild in a subshell, and the shell
# itself all sleep. Their pids go to $PIDS_FILE so the test can check that all were killed.
sleep 300 &
echo $! >>"$PIDS_FILE"
(sleep 300 & echo $! >>"$PIDS_FILE"; wait) &
echo $! >>"$PIDS_FILE"
echo $$ >>"$PIDS_FILE"
echo "waiting for the platform to release"
sleep 300
