#!/usr/bin/env bash
# Proves the README's "try it without touching the pom" on a small sample project: the jar only on
# Surefire's class path (-Dmaven.test.additionalClasspath) and one switch (-Dthreadleak.mode), on
# JUnit 5.14 (report mode: the build passes, the report names the leak) and on JUnit 6 (fail mode:
# Surefire reports a failure that names the leak).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: try-without-a-pom-edit.sh --jar JAR --work DIR --junit5 VERSION --junit6 VERSION --surefire VERSION
                                 [--mvn MVN] [--repo LOCAL_REPOSITORY]

Builds a sample Maven project in DIR whose pom knows nothing of threadleak, runs its tests with
the threadleak-junit5 JAR added on the command line, and checks what the build prints and writes.
Runs online like any Maven build (the sample's JUnit and Surefire versions are the ones this build uses, so usually already in the local repository).
USAGE
}

jar="" work="" junit5="" junit6="" surefire="" repo=""
mvn="$(cd "$(dirname "$0")/../../../.." && pwd)/mvnw"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --junit5) junit5=$2; shift 2 ;;
    --junit6) junit6=$2; shift 2 ;;
    --surefire) surefire=$2; shift 2 ;;
    --mvn) mvn=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for required in jar work junit5 junit6 surefire; do
  if [ -z "${!required}" ]; then
    echo "missing --$required" >&2; usage >&2; exit 2
  fi
done
[ -f "$jar" ] || { echo "no such jar: $jar (build it with ./mvnw -pl toolkit/threadleak-junit5 -am package)" >&2; exit 2; }

sample="$work/sample"
rm -rf "$work"
mkdir -p "$sample/src/test/java/sample"
cat > "$sample/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sample</groupId>
  <artifactId>sample</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <junit.version>$junit5</junit.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>\${junit.version}</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>$surefire</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
cat > "$sample/src/test/java/sample/ServiceTest.java" <<'JAVA'
package sample;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.MethodName.class)
class ServiceTest {

    @Test
    void a_startsAWorkerAndForgetsIt() {
        startWorker();
    }

    @Test
    void b_startsAJobThatEndsSoon() {
        new Thread(() -> sleep(300), "sample-job").start();
    }

    @Test
    void c_takesAWhile() {
        sleep(2_500);
    }

    private static int flakyRuns;

    /** With -Dsample.flaky=true, fails its first run and passes the next: what makes Surefire rerun. */
    @Test
    void d_flakyWhenAsked() {
        if (Boolean.getBoolean("sample.flaky") && flakyRuns++ == 0) {
            throw new AssertionError("flaky on its first run");
        }
    }

    private static int workers;

    static void startWorker() {
        if (Boolean.getBoolean("sample.leakOnce") && workers++ > 0) {
            return;   // the rerun does not leak: without the session's check it would pass as a flake
        }
        Thread worker = new Thread(() -> sleep(600_000), "sample-worker");
        worker.setDaemon(true);
        worker.start();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
JAVA

run() {
  local name=$1; shift
  local log="$work/$name.log"
  local args=(-B -ntp -f "$sample/pom.xml" test "-Dmaven.test.additionalClasspath=$jar" -Dthreadleak.graceMillis=1000 "$@")
  [ -n "$repo" ] && args+=("-Dmaven.repo.local=$repo")
  echo "[try-without-a-pom-edit] $name: mvn ${args[*]}"
  set +e
  "$mvn" "${args[@]}" >"$log" 2>&1
  status=$?
  set -e
}

expect() {
  local what=$1 file=$2 pattern=$3
  if ! grep -qF -- "$pattern" "$file"; then
    echo "[try-without-a-pom-edit] FAILED: $what: no \"$pattern\" in $file" >&2
    tail -60 "$file" >&2
    exit 1
  fi
}

# 1. JUnit 5, report mode: the build passes; the report and the stderr summary name the leak and its creator.
run junit5-report "-Djunit.version=$junit5" -Dthreadleak.mode=report
log="$work/junit5-report.log"
[ "$status" -eq 0 ] || { echo "[try-without-a-pom-edit] FAILED: report mode must not fail the build" >&2; tail -60 "$log" >&2; exit 1; }
report="$sample/target/threadleak-report.txt"
expect "report file" "$report" '1 thread "sample-worker" created by sample.ServiceTest.startWorker(ServiceTest.java:'
expect "report file" "$report" "test: ServiceTest.a_startsAWorkerAndForgetsIt()"
expect "report file" "$report" "== Lingering: ended within 1 s, not leaks"
expect "report file" "$report" '1 thread "sample-job" created by'
expect "report file" "$report" "test: ServiceTest.b_startsAJobThatEndsSoon()"
expect "json report" "$sample/target/threadleak-report.json" '"status": "leaked", "name": "sample-worker"'
expect "stderr summary" "$log" "[threadleak] 1 thread leaked"
expect "JUnit version" "$log" "Tests run: 4, Failures: 0"
expect "absolute report path" "$log" "[threadleak] report: $sample/target/threadleak-report.txt"
echo "[try-without-a-pom-edit] JUnit $junit5, report mode: build passed, report names sample-worker and its creator"

# 2. JUnit 6, fail mode: Surefire reports a failure that names the leak.
run junit6-fail "-Djunit.version=$junit6" -Dthreadleak.mode=fail
log="$work/junit6-fail.log"
[ "$status" -ne 0 ] || { echo "[try-without-a-pom-edit] FAILED: fail mode must fail the build" >&2; tail -60 "$log" >&2; exit 1; }
expect "Surefire failure" "$log" "Tests run: 5, Failures: 1"
expect "Surefire failure" "$log" '1 thread "sample-worker" created by sample.ServiceTest.startWorker(ServiceTest.java:'
expect "Surefire failure" "$log" "test: ServiceTest.a_startsAWorkerAndForgetsIt()"
echo "[try-without-a-pom-edit] JUnit $junit6, fail mode: build failed on a failure naming sample-worker and its creator"

# 3. Reruns, report mode: a flaky test makes Surefire run the failing test again in a new test plan;
#    the report still has the first attempt's leak and says it covers both plans.
run junit5-report-rerun "-Djunit.version=$junit5" -Dthreadleak.mode=report -Dsurefire.rerunFailingTestsCount=2 -Dsample.flaky=true
log="$work/junit5-report-rerun.log"
[ "$status" -eq 0 ] || { echo "[try-without-a-pom-edit] FAILED: report mode with a flake must pass" >&2; tail -60 "$log" >&2; exit 1; }
expect "Surefire rerun" "$log" "Flakes: 1"
expect "report file after a rerun" "$report" '1 thread "sample-worker" created by sample.ServiceTest.startWorker(ServiceTest.java:'
expect "report file after a rerun" "$report" "over 2 test plans"
echo "[try-without-a-pom-edit] JUnit $junit5, report mode, rerunFailingTestsCount=2: the rerun added to the report"

# 4. Reruns, fail mode: the leak happens on the first attempt only, so the rerun of the class passes.
#    Surefire would call that a flake; the session's check fails the build.
run junit6-fail-rerun "-Djunit.version=$junit6" -Dthreadleak.mode=fail -Dsurefire.rerunFailingTestsCount=2 -Dsample.leakOnce=true
log="$work/junit6-fail-rerun.log"
[ "$status" -ne 0 ] || { echo "[try-without-a-pom-edit] FAILED: a leak of the first attempt must fail the build after a passing rerun" >&2; tail -80 "$log" >&2; exit 1; }
expect "session failure" "$log" "1 leak failure in 2 test plans"
expect "session failure" "$log" '1 thread "sample-worker" created by sample.ServiceTest.startWorker(ServiceTest.java:'
echo "[try-without-a-pom-edit] JUnit $junit6, fail mode, rerunFailingTestsCount=2: a leak that passed its rerun failed the build"
