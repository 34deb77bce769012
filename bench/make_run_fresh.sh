#!/usr/bin/env bash
# Time `make run` in a fresh clone (no .venv, no data/) of REV until the web app answers on PORT.
# usage: bench/make_run_fresh.sh NAME REV PORT   (run two at once, e.g. the old and the new commit, to compare
# them under the same load; docs/BENCHMARKS.md, issue 16)
set -u
name=$1 rev=$2 port=$3
clone=${TMPDIR:-/tmp}/fresh-$name
rm -rf "$clone"
git clone -q "$(dirname "$0")/.." "$clone" && git -C "$clone" checkout -q "$rev"
cd "$clone"
start=$(date +%s.%N)
env -u BELEID_DATA_DIR -u BELEID_INGEST__CORPUS_DIR BELEID_UI__PORT=$port setsid make run > "$clone/make-run.log" 2>&1 &
pid=$!
up=""
for i in $(seq 1 1800); do
  if curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$port/" 2>/dev/null | grep -q 200; then up=$(date +%s.%N); break; fi
  if ! kill -0 $pid 2>/dev/null; then echo "make run exited"; tail -20 "$clone/make-run.log"; break; fi
  sleep 0.5
done
kill -- -$pid 2>/dev/null; sleep 2; kill -9 -- -$pid 2>/dev/null
installed=$(stat -c %Y "$clone/.venv/.installed" 2>/dev/null)
echo "$name rev=$rev total_s=$(echo "$up - $start" | bc) install_done_after_s=$(echo "$installed - ${start%.*}" | bc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
