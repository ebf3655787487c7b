#!/usr/bin/env bash
# Makes this machine a one-node Slurm cluster on 127.0.0.1 (Debian's slurm-wlm and munge), for
# the `liandan launch slurm` tests. Idempotent: installs what is missing, writes the
# configuration once, starts only the daemons that are not running. Needs root.
set -euo pipefail
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq slurm-wlm munge >/dev/null
fi
node="$(hostname -s)"
cpus="$(nproc)"
conf=/etc/slurm/slurm.conf
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
if [ ! -f "$conf" ] || ! grep -q "^NodeName=$node " "$conf"; then
  cat > "$conf" <<CONF
# One-node cluster for liandan's tests (written by .ci/slurm-up.sh).
ClusterName=liandan
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
# linuxproc and task/none need no cgroups, which containers often lack.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
# CPUs are the only consumable: array tasks share the node one CPU each.
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
fi
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
# A node that was down when slurmctld last saw it comes back only when told.
for _ in $(seq 1 30); do
  state="$(sinfo -h -n "$node" -o %T 2>/dev/null || true)"
  case "$state" in
    idle*|mixed*|allocated*) exit 0 ;;
    down*|drain*) scontrol update NodeName="$node" State=RESUME 2>/dev/null || true ;;
  esac
  sleep 1
done
echo "slurm-up: node $node is not ready (state: ${state:-unknown}); see /var/log/slurm/" >&2
exit 1
