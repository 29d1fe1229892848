#!/usr/bin/env bash
# Plays the README's Kubernetes Indexed Job and Slurm job array as written, on this machine: the fuzz
# command is taken from README.md, with a run count for `--time 8h`, N shards for 16, a scratch folder for
# the volume, and --no-minimize (minimizing is not what a restart tests, and it would add up to 15 s a
# shard). One pod is killed with SIGKILL mid-campaign and restarted with the same command, and a finished
# pod is started once more (a restart after its work). The merged Kubernetes shards must equal the merged
# Slurm shards (the same shards, never killed), signature for signature and sighting for sighting, and both
# must have run as many scenarios as one unsharded campaign given their total.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARDS=${SHARDS:-4}
RUNS=${RUNS:-24} # per shard: a multiple of the batch size (4), so the shards split the batches evenly
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "orchestrator-recipes: $*" >&2
  exit 1
}

# ---- the recipes' commands, as README.md gives them ----
k8s=$(grep -o 'npx kexfuzz fuzz --time 8h --resume --shard [^"]*\.db' README.md) ||
  fail "README.md has no Kubernetes fuzz command"
slurm=$(sed -n '/^#SBATCH --array/,/^```/p' README.md | sed '1d;$d' | sed -e ':a' -e '/\\$/N; s/\\\n *//; ta') ||
  fail "README.md has no Slurm job script"
[[ $slurm == npx\ kexfuzz\ fuzz* ]] || fail "README.md's Slurm script does not run npx kexfuzz fuzz: $slurm"

adapt() { # the command for this machine: runs for hours, N shards, scratch folders
  sed -e "s#--time 8h#--runs $RUNS#" -e "s#/16#/$SHARDS#" -e "s#/out/#$tmp/k8s/#" -e "s#\"out/#\"$tmp/slurm/#" \
    <<<"$1 --no-minimize"
}
# A pod with one CPU (its resources.limits), two of them at a time on this two-core machine.
k8s=$(adapt "$k8s --workers 1")
slurm=$(adapt "$slurm")

pod() { # one pod of the Indexed Job: the container's command, with its index
  JOB_COMPLETION_INDEX=$1 sh -c "$k8s" >"$tmp/pod-$1.out" 2>&1
}

runs_committed() { # scenarios the shard's database has committed, 0 before it exists
  node -e '
    const Db = require("better-sqlite3");
    try { const db = new Db(process.argv[1], { readonly: true, fileMustExist: true });
      console.log(db.prepare("SELECT coalesce(max(runs), 0) AS r FROM campaigns").get().r); } catch { console.log(0); }' "$1"
}

# ---- Kubernetes: SHARDS pods, two at a time; pod 1 is killed mid-campaign and restarted ----
echo "kubernetes: $k8s"
# A container is its own process group: SIGKILL takes sh, npx and node together, as a pod's end does.
JOB_COMPLETION_INDEX=1 setsid sh -c "$k8s" >"$tmp/pod-1-killed.out" 2>&1 &
victim=$!
for _ in $(seq 400); do
  (($(runs_committed "$tmp/k8s/shard-1.db") > 0)) && break
  sleep 0.25
done
kill -9 -- "-$victim" 2>/dev/null || true
wait "$victim" 2>/dev/null || true
killed_at=$(runs_committed "$tmp/k8s/shard-1.db")
((killed_at < RUNS)) || fail "pod 1 finished before it was killed; raise RUNS"
echo "  pod 1 killed after $killed_at committed runs; restarting it"
for ((i = 0; i < SHARDS; i += 2)); do
  pod "$i" &
  if ((i + 1 < SHARDS)); then pod $((i + 1)); fi
  wait
done
for ((i = 0; i < SHARDS; i++)); do
  grep -q 'all runs done' "$tmp/pod-$i.out" || fail "pod $i did not finish: $(cat "$tmp/pod-$i.out")"
done
pod 0 || fail "pod 0 restarted after it finished exited non-zero: $(cat "$tmp/pod-0.out")"
grep -q 'already finished' "$tmp/pod-0.out" || fail "a finished pod's restart did not say so: $(cat "$tmp/pod-0.out")"
npx kexfuzz merge "$tmp"/k8s/shard-*.db --into "$tmp/k8s.db" >/dev/null

# ---- Slurm: the array's tasks, 1..SHARDS, two at a time as on a two-core node ----
echo "slurm: $slurm"
task() {
  SLURM_ARRAY_TASK_ID=$1 SLURM_CPUS_PER_TASK=1 bash -c "$slurm" >"$tmp/task-$1.out" 2>&1 ||
    fail "slurm task $1 failed: $(cat "$tmp/task-$1.out")"
}
for ((t = 1; t <= SHARDS; t += 2)); do
  task "$t" &
  if ((t + 1 <= SHARDS)); then task $((t + 1)); fi
  wait "$!" || fail "slurm task $t failed: $(cat "$tmp/task-$t.out")"
done
npx kexfuzz merge "$tmp"/slurm/shard-*.db --into "$tmp/slurm.db" >/dev/null

# ---- one unsharded campaign of as many scenarios ----
npx kexfuzz fuzz --runs $((SHARDS * RUNS)) --no-minimize --db "$tmp/single.db" >"$tmp/single.out" 2>&1 ||
  fail "the unsharded campaign failed: $(cat "$tmp/single.out")"

sightings() { # signature and sighting count of every finding, in order
  node -e '
    const Db = require("better-sqlite3");
    const db = new Db(process.argv[1], { readonly: true, fileMustExist: true });
    for (const r of db.prepare("SELECT signature, count FROM findings ORDER BY signature").all())
      console.log(r.signature, r.count);' "$1"
}
runs_in_all() { # scenarios run over every campaign of a database
  node -e '
    const Db = require("better-sqlite3");
    const db = new Db(process.argv[1], { readonly: true, fileMustExist: true });
    console.log(db.prepare("SELECT sum(runs) AS r FROM campaigns").get().r);' "$1"
}
for db in k8s slurm single; do sightings "$tmp/$db.db" >"$tmp/$db.txt"; done
# The same shards, one of them killed and restarted, find exactly what the uninterrupted ones find.
diff -u "$tmp/slurm.txt" "$tmp/k8s.txt" >&2 || fail "the Kubernetes shards (one killed) differ from the Slurm shards"
for db in k8s slurm single; do
  [[ $(runs_in_all "$tmp/$db.db") == $((SHARDS * RUNS)) ]] || fail "$db ran $(runs_in_all "$tmp/$db.db") scenarios"
done
# Sharded and unsharded campaigns run as many scenarios, but not the same ones: each mutates its own corpus.
common=$(comm -12 <(cut -d' ' -f1 "$tmp/k8s.txt") <(cut -d' ' -f1 "$tmp/single.txt") | wc -l)
echo "orchestrator-recipes: $SHARDS shards × $RUNS runs; Kubernetes (pod 1 killed and restarted) equals Slurm:" \
  "$(wc -l <"$tmp/k8s.txt") signatures; one unsharded campaign of $((SHARDS * RUNS)) runs:" \
  "$(wc -l <"$tmp/single.txt") signatures, $common in common"
