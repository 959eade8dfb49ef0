# workload/busybox_pipes (user/bench/bench_workloads.c): 100 pipelines of two BusyBox
# applets, 200 short commands, each started by ash with fork + exec. echo and [ are ash
# builtins. Exits non-zero if a pipeline gives a wrong answer.
i=0
while [ $i -lt 100 ]; do
  n=$(echo "line $i" | tr a-z A-Z | wc -c)
  [ "$n" -ge 7 ] || exit 1
  i=$((i + 1))
done
