#!/bin/sh
# Build step of the command-platform tests: compiles the canary (the step runs in canary.path)
# into the run directory and prints where the classes are (the artifact, SHIPWATCH_ARTIFACT).
set -eu
javac -d "$SHIPWATCH_RUN_DIR/classes" --release 17 -encoding UTF-8 -proc:none *.java
echo "compiled $(ls *.java | wc -l) source file(s) for run $SHIPWATCH_RUN_ID"
echo "$SHIPWATCH_RUN_DIR/classes"
