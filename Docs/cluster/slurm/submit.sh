#!/bin/bash
# Submits the array job and its dependent merge (Docs/cluster.md):
#   Docs/cluster/slurm/submit.sh 8
set -euo pipefail
N=${1:-4}
here=$(dirname "$0")
mkdir -p logs
array=$(sbatch --parsable --array=1-"$N" "$here/table-array.sbatch")
merge=$(sbatch --parsable --dependency=afterok:"$array" "$here/table-merge.sbatch")
echo "array job $array ($N shards), merge job $merge"
