#!/usr/bin/env bash
# Submits job jars to an existing Flink cluster through its REST API, the way CI would.
#
# usage: deploy/submit-jobs.sh --flink URL --bootstrap-servers HOST:PORT [options] [job settings]
#   --flink URL               Flink's REST endpoint, e.g. https://flink.example.com:8081
#   --bootstrap-servers H:P   the Kafka cluster the jobs read and write
#   --jobs a,b                jobs to submit (folders under jobs/), default every built job
#   --jar PATH                submit this jar instead (repeatable)
#   --savepoint PATH          restore from this savepoint or retained checkpoint (one job only)
#   --allow-non-restored-state  accept a savepoint holding state the job no longer has
#   --parallelism N           default: the cluster's parallelism.default
# Every other --key value is passed to the jobs, e.g. Kafka client security:
#   --kafka.security.protocol SASL_SSL --kafka.sasl.mechanism SCRAM-SHA-512 \
#   --kafka.sasl.jaas.config 'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";'
# or any job setting (--checkpoint-interval '10 s', --topic.driver-locations gps-pings ...).
# --group-id, --transactional-id-prefix and --job-name belong to one job (they default to its name).
# A job's main runs on the JobManager: --config FILE must be an absolute path on that machine.
# Needs bash, curl and built job jars (mvn install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "error: $*" >&2; exit 1; }
# The innermost "Caused by:" of a Flink REST error (a Java stack trace in a JSON string), else the
# answer's start: the reason (a savepoint that does not fit, a bad setting) is at the bottom.
flink_error() {
  local cause
  cause="$(sed 's/\\n/\n/g; s/\\t/ /g' <<<"$1" | grep '^Caused by: ' | tail -n 1 || true)"
  if [[ -n "$cause" ]]; then echo "${cause#Caused by: }"; else head -c 2000 <<<"$1"; fi
}
json_string() {  # a JSON string literal of $1
  local s=${1//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\t'/\\t}; s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}

flink="" bootstrap="" jobs="" savepoint="" parallelism="" allow_non_restored=false one_job_only=""
jars=() job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --flink) flink="${2:?--flink needs a URL}"; shift 2 ;;
    --bootstrap-servers) bootstrap="${2:?--bootstrap-servers needs HOST:PORT}"; shift 2 ;;
    --jobs) jobs="${2:?--jobs needs names}"; shift 2 ;;
    --jar) jars+=("${2:?--jar needs a path}"); shift 2 ;;
    --savepoint) savepoint="${2:?--savepoint needs a path}"; shift 2 ;;
    --parallelism) parallelism="${2:?--parallelism needs a number}"; shift 2 ;;
    --allow-non-restored-state) allow_non_restored=true; shift ;;
    --group-id|--transactional-id-prefix|--job-name)
      one_job_only="$1"; job_args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "$0"; exit 0 ;;
    --*)
      if [[ $# -ge 2 && "$2" != --* ]]; then job_args+=("$1" "$2"); shift 2; else job_args+=("$1"); shift; fi ;;
    *) die "unexpected argument '$1' (see --help)" ;;
  esac
done
[[ -n "$flink" ]] || die "--flink URL is required"
[[ -n "$bootstrap" ]] || die "--bootstrap-servers HOST:PORT is required"
command -v curl >/dev/null || die "curl is not installed"
flink="${flink%/}"

if [[ ${#jars[@]} -eq 0 ]]; then
  if [[ -n "$jobs" ]]; then IFS=',' read -r -a names <<<"$jobs"; else
    names=(); for dir in "$root"/jobs/*/; do names+=("$(basename "$dir")"); done
  fi
  for name in "${names[@]}"; do
    jar="$(ls "$root/jobs/$name/target/$name"-*.jar 2>/dev/null | grep -v -e '-tests.jar$' -e '-sources.jar$' | head -n 1 || true)"
    if [[ -z "$jar" ]]; then
      [[ -n "$jobs" ]] && die "job '$name' is not built (no jobs/$name/target/$name-*.jar): run mvn install -DskipTests"
      echo "skipping $name: not built"; continue
    fi
    jars+=("$jar")
  done
fi
[[ ${#jars[@]} -gt 0 ]] || die "no job jar to submit"
[[ -z "$savepoint" || ${#jars[@]} -eq 1 ]] || die "--savepoint belongs to one job: choose it with --jobs NAME"
# Jobs sharing a group id start from each other's committed offsets where they read the same topic,
# and jobs sharing a transactional id prefix fence each other's exactly-once writers.
[[ -z "$one_job_only" || ${#jars[@]} -eq 1 ]] || die "$one_job_only belongs to one job: choose it with --jobs NAME"

curl -fsS "$flink/config" >/dev/null || die "Flink does not answer at $flink"

args_json="$(json_string --bootstrap-servers),$(json_string "$bootstrap")"
for arg in ${job_args[@]+"${job_args[@]}"}; do args_json+=",$(json_string "$arg")"; done

for jar in "${jars[@]}"; do
  [[ -f "$jar" ]] || die "$jar does not exist"
  upload="$(curl -sS -X POST -F "jarfile=@$jar" "$flink/jars/upload")"
  stored="$(sed -n 's/.*"filename" *: *"\([^"]*\)".*/\1/p' <<<"$upload")"
  [[ -n "$stored" ]] || die "upload of $jar failed: $upload"
  jar_id="${stored##*/}"

  request="{\"programArgsList\":[$args_json]"
  [[ -n "$parallelism" ]] && request+=",\"parallelism\":$parallelism"
  [[ -n "$savepoint" ]] && request+=",\"savepointPath\":$(json_string "$savepoint"),\"allowNonRestoredState\":$allow_non_restored"
  request+="}"
  # The entry class is the Main-Class of the jar's manifest.
  answer="$(curl -sS -X POST -H 'Content-Type: application/json' -d "$request" "$flink/jars/$jar_id/run")"
  job_id="$(sed -n 's/.*"jobid" *: *"\([^"]*\)".*/\1/p' <<<"$answer")"
  # A session cluster keeps every uploaded jar (its dashboard lists them to run again); a submitted
  # job has its own copy in the cluster's blob store, so each deployment would leave a jar behind.
  curl -sS -o /dev/null -X DELETE "$flink/jars/$jar_id" || echo "warning: could not delete $jar_id from $flink/jars" >&2
  [[ -n "$job_id" ]] || die "$(basename "$jar") did not start: $(flink_error "$answer")"
  echo "submitted $(basename "$jar") as job $job_id ($flink/#/job/running/$job_id/overview)"
done
