#!/usr/bin/env bash
# Builds the jobs and the benchmark harness, then runs the suite on this machine.
#   benchmarks/run.sh --full                 # the issue's sizes (longer than 20 min on 2 cores: benchmarks/README.md)
#   benchmarks/run.sh --smoke                # every benchmark path on a few thousand records
#   benchmarks/run.sh --full --only latency  # some of: throughput,latency,scale,catalog,micro,overload
# Results go to benchmarks/results/<timestamp>-<mode>/ (results.md, results.csv, throughput.png,
# overload-samples.csv).
# shared-model comes first on the classpath: each job's jar is shaded and carries its own copy of
# it, and a job built before a shared-model change must not shadow the current one.
# Extra JVM flags via BENCH_JAVA_OPTS, e.g. BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=bench.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -B -pl benchmarks -am package -DskipTests
fi
exec java -Xmx3g -XX:+UseParallelGC \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  ${BENCH_JAVA_OPTS:-} \
  -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/shared-model-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  dev.eventplatform.benchmarks.BenchmarkSuite "$@"
