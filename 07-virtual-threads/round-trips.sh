#!/usr/bin/env bash
# The round-trip figures of this chapter's README: each server in a JVM of its own on an ephemeral port, the
# project's load client in another JVM; 64-byte synchronous ping-pong, 5 s unmeasured warm-up, then 10 s at 16 and
# at 256 connections. Server CPU = utime + stime from /proc/PID/stat around each 10 s run; server threads are read
# from /proc/PID/status halfway through it. Linux only (it reads /proc).
#
# usage, from the repository root after `mvn install -DskipTests` with a JDK 21+:
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java 07-virtual-threads/round-trips.sh \
#       echo.threadperclient.ThreadPerClientChapter echo.selector.SelectorChapter echo.virtualthreads.VirtualThreadsChapter
set -euo pipefail
JAVA=${JAVA:-java}
CP=common/target/classes:02-thread-per-client/target/classes:05-selector/target/classes:07-virtual-threads/target/classes
LCP=clients/target/classes:common/target/classes:$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar
out=$(mktemp)
pid=
trap 'if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; fi; rm -f "$out" "$out.threads"' EXIT
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks (1/100 s)
for main in "$@"; do
  "$JAVA" -Decho.log.level=WARNING -cp "$CP" "$main" --port 0 > "$out" 2>&1 &
  pid=$!
  until grep -q "Ctrl-C stops it" "$out"; do sleep 0.2; done
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out")
  "$JAVA" -cp "$LCP" echo.clients.LoadClient --port "$port" --connections 16 --duration 5 --warmup 0 --quiet --json > /dev/null
  for c in 16 256; do
    before=$(cpu $pid)
    ( sleep 5; awk '/^Threads/ {print $2}' "/proc/$pid/status" > "$out.threads" ) &
    sampler=$!
    json=$("$JAVA" -cp "$LCP" echo.clients.LoadClient --port "$port" --connections $c --size 64 --duration 10 \
        --warmup 0 --quiet --json)
    after=$(cpu $pid)
    wait $sampler
    msgs=$(sed 's/.*"messages": \([0-9]*\).*/\1/' <<<"$json")
    rate=$(sed 's/.*"messagesPerSecond": \([0-9.]*\).*/\1/' <<<"$json")
    p99=$(sed 's/.*"p99": \([0-9.]*\).*/\1/' <<<"$json")
    printf '%s %4d conns: %7.0f msgs/s, p99 %6.0f µs, server CPU %s µs/msg, server threads %s\n' "$main" $c "$rate" \
        "$p99" "$(awk -v t=$((after - before)) -v m="$msgs" 'BEGIN {printf "%.2f", t * 10000 / m}')" "$(cat "$out.threads")"
  done
  kill -TERM $pid
  wait $pid || true
  pid=
done
