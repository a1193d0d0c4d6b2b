#!/usr/bin/env bash
# Checks that `.ci/run --setup-only` sets up a Debian machine that has
# nothing: no PostgreSQL, no MariaDB, no Python venv. A minimal Debian
# (debootstrap) in a chroot, inside its own network namespace (so that its
# servers' ports 5432 / 3306 are its own, while it reaches the package
# registries through NAT), gets a clone of this repository and runs the
# set-up; then the servers must answer as the tests connect to them.
#
#   sudo bash tests/fresh_machine/run.sh [ROOT]     # ROOT: /tmp/aludel-fresh
#
# Needs root, debootstrap, iproute2 and iptables, and a few minutes for the
# downloads. Not part of `.ci/run` (too slow for every run); run it after
# changing the set-up part of `.ci/run`.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROOT="${1:-/tmp/aludel-fresh}"
NS=aludel-fresh
HOST_IF=aludelfresh0
NS_IF=aludelfresh1
SUBNET=10.213.7

cleanup() {
    # servers started inside the namespace end with it
    if ip netns pids "$NS" >/dev/null 2>&1; then
        ip netns pids "$NS" | xargs -r kill 2>/dev/null || true
        sleep 2
        ip netns pids "$NS" | xargs -r kill -9 2>/dev/null || true
    fi
    for m in proc sys dev/pts dev; do
        umount -l "$ROOT/$m" 2>/dev/null || true
    done
    iptables -t nat -D POSTROUTING -s "$SUBNET.0/24" -j MASQUERADE 2>/dev/null || true
    ip link del "$HOST_IF" 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT

if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    echo "== debootstrap into $ROOT"
    debootstrap --variant=minbase bookworm "$ROOT" http://deb.debian.org/debian
fi

echo "== network namespace $NS with NAT"
cleanup
ip netns add "$NS"
ip link add "$HOST_IF" type veth peer name "$NS_IF"
ip link set "$NS_IF" netns "$NS"
ip addr add "$SUBNET.1/24" dev "$HOST_IF"
ip link set "$HOST_IF" up
ip netns exec "$NS" ip addr add "$SUBNET.2/24" dev "$NS_IF"
ip netns exec "$NS" ip link set "$NS_IF" up
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip route add default via "$SUBNET.1"
sysctl -q -w net.ipv4.ip_forward=1
iptables -t nat -A POSTROUTING -s "$SUBNET.0/24" -j MASQUERADE
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# The machine's own trust settings (a registry proxy's CA, pip's cert
# setting), which every machine of this kind has before the project starts.
mkdir -p "$ROOT/usr/local/share/ca-certificates"
cp -r /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$ROOT/etc/pip.conf"

echo "== the repository, as CI clones it"
rm -rf "$ROOT/src"
git clone -q "$REPO" "$ROOT/src"

mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --rbind /dev "$ROOT/dev"

# One PID namespace for everything below, so that start-stop-daemon sees
# no server of the host's and the servers end with the check.
in_fresh() {
    ip netns exec "$NS" unshare --pid --fork --mount-proc="$ROOT/proc" \
        chroot "$ROOT" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 "$@"
}

# git for the clone's own use; everything else is .ci/run's to install
in_fresh bash -euo pipefail -c '
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git ca-certificates >/dev/null
update-ca-certificates >/dev/null

echo "== .ci/run --setup-only on the fresh machine"
bash /src/.ci/run --setup-only

echo "== the servers answer as the tests connect"
psql -w -h 127.0.0.1 -U postgres -d postgres -Atc "SHOW ssl" | grep -qx on
psql -w -h 127.0.0.1 -U postgres -d test -Atc "SELECT 1" | grep -qx 1
mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -uroot test -N -B -e "SELECT @@have_ssl" | grep -qx YES
/src/.venv/bin/alembic --version

echo "== a second run changes nothing"
bash /src/.ci/run --setup-only | grep -E "already|nothing to install|ssl = on|has TLS"
'

echo "fresh machine set-up: OK"
