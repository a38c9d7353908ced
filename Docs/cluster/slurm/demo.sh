#!/bin/bash
# `make cluster-demo` (Docs/cluster.md): a one-node Slurm cluster on this machine
# runs the sharded table as an array job with a dependent merge, then the result
# is compared with an unsharded run. Needs root (it installs slurm-wlm and munge
# with apt-get when missing and starts munged, slurmctld and slurmd); it stops
# the daemons it started. Not part of `make test`.
#
#   Docs/cluster/slurm/demo.sh CELLCERT
#
# Environment: MODEL and DATA (required: a model and a labelled CSV, label first,
# pixels 0-255; `make cluster-demo` passes MNIST's), LIMIT (100 inputs), SHARDS (4), TABLE_OPTIONS (the table's
# options; default --norm linf --domain 0,1 --boundary --timeout 10 --epsilon 0.01).
set -euo pipefail

CELLCERT=$(realpath "${1:?usage: demo.sh PATH/TO/cellcert}")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
MODEL=$(realpath "${MODEL:?set MODEL to the model file}")
DATA=$(realpath "${DATA:?set DATA to the labelled data CSV}")
LIMIT=${LIMIT:-100}
SHARDS=${SHARDS:-4}
TABLE_OPTIONS=${TABLE_OPTIONS:---norm linf --domain 0,1 --boundary --timeout 10 --epsilon 0.01}

[ "$(id -u)" = 0 ] || { echo "cluster-demo: needs root (apt-get, munged, slurmd)" >&2; exit 1; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge
fi

WORK=$(mktemp -d /tmp/cellcert-cluster-demo.XXXXXX)
chmod 755 "$WORK"
export SLURM_CONF=$WORK/slurm.conf
started=()
stop() {
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${started[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap stop EXIT

# munge: a key of our own unless one exists; a daemon of our own unless one runs.
if ! munge -n >/dev/null 2>&1; then
    mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
    [ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    chmod 400 /etc/munge/munge.key
    sudo_munge() { if id munge >/dev/null 2>&1; then runuser -u munge -- "$@"; else "$@" --force; fi; }
    sudo_munge munged --pid-file=/run/munge/cellcert-demo.pid
    sleep 1
    started+=("$(cat /run/munge/cellcert-demo.pid)")
fi

NODE=$(hostname -s)
MEMORY=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/results" "$WORK/logs"
cat > "$SLURM_CONF" <<CONF
ClusterName=cellcertdemo
SlurmctldHost=$NODE
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$NODE CPUs=$(nproc) RealMemory=$MEMORY State=UNKNOWN
PartitionName=demo Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF"
sleep 1
started+=("$(cat "$WORK/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
sleep 2
started+=("$(cat "$WORK/slurmd.pid")")
for _ in $(seq 30); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo

cd "$WORK"
export CELLCERT MODEL DATA OUT=$WORK/results
# The repository's job scripts, with this demo's model, data and options.
sed -e "s|--label-column first --scale 255 \\\\|--label-column first --scale 255 --limit $LIMIT \\\\|" \
    -e "s|    --norm linf --domain 0,1 --boundary --timeout 10 --epsilon 0.01 --epsilon 0.02 \\\\|    $TABLE_OPTIONS \\\\|" \
    -e "s|--cpus-per-task=4|--cpus-per-task=1|" \
    "$ROOT/Docs/cluster/slurm/table-array.sbatch" > table-array.sbatch
cp "$ROOT/Docs/cluster/slurm/table-merge.sbatch" table-merge.sbatch
array=$(sbatch --parsable --array=1-"$SHARDS" table-array.sbatch)
merge=$(sbatch --parsable --dependency=afterok:"$array" table-merge.sbatch)
echo "submitted array job $array ($SHARDS shards) and merge job $merge"
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do sleep 5; done
sacct_state=$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z]*' || true)
echo "merge job: ${sacct_state:-finished}"
cat logs/*.log 2>/dev/null | grep -v "^table: [0-9]*/" || true
[ -s results/table.md ] || { echo "cluster-demo: the merge job wrote no table" >&2; exit 1; }

echo "unsharded run for comparison…"
# shellcheck disable=SC2086
"$CELLCERT" table "$MODEL" --inputs "$DATA" --label-column first --scale 255 --limit "$LIMIT" $TABLE_OPTIONS \
    --threads "$(nproc)" --format csv --output unsharded.csv 2>/dev/null
# Compare without the timing columns (R_ms, ms).
strip() { python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [i for i, h in enumerate(rows[0]) if h not in ("ms", "R_ms")]
for r in rows: print(",".join(r[i] for i in keep))' "$1"; }
if diff <(strip results/table.csv) <(strip unsharded.csv) > table.diff; then
    echo "cluster-demo: the merged table of $SHARDS shards equals the unsharded table ($LIMIT inputs; timing columns aside)"
else
    echo "cluster-demo: the merged and unsharded tables differ in $(grep -c '^<' table.diff) rows (see $WORK/table.diff);"
    echo "  with --timeout, an input whose search hits the limit is 'bounded' with bounds that depend on the machine's speed"
fi
sed -n "/^\*\*Summary/,\$p" results/table.md
echo "files: $WORK"
