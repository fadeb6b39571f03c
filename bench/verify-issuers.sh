#!/usr/bin/env bash
# Verification throughput: N distinct secrets spread over M issuers of the catalogue, each a
# loopback simulator answering after L ms, default options (IssuersVerifyBench, three rounds).
# Usage: bench/verify-issuers.sh [secrets=1000] [issuers=20] [latency-ms=50]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# The shaded CLI jar carries scanner-core and its dependencies; the bench and simulator are test classes.
mvn -B -q -DskipTests package
mvn -B -q -pl scanner-core test-compile
# The project's own version is the only <version> indented by two spaces in the top pom.xml.
version="$(sed -n 's:^  <version>\([^<]*\)</version>.*:\1:p' pom.xml | head -1)"
java -cp "scanner-core/target/test-classes:scanner-cli/target/leakstop-$version.jar" \
  io.leakstop.issuer.IssuersVerifyBench "${1:-1000}" "${2:-20}" "${3:-50}"
