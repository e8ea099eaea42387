# Sourced by the benches that run a class of a module's tests. bench_classpath MODULE builds the
# module's test classes in one reactor invocation (so the other modules come from their
# target/classes: no `mvn install`) and prints its test classpath with absolute paths (the
# monitors a bench starts run in directories of their own). Maven's own output goes to stderr.
bench_classpath() {
    local module="$1"
    mvn -B -q -pl "$module" -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
    echo "$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$root/$module/target/bench.classpath")"
}
