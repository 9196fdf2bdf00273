#!/bin/bash
# Captures real IKEv2 messages between two strongSwan instances in two network namespaces and writes
# them as hex test resources (one message per line, "<direction> <hex>", direction i2r or r2i).
# Needs root, strongSwan (ENVIRONMENT.md "strongSwan as a real peer"), tcpdump and python3.
#
# Scenario (chosen to exercise many payload types and RFC 7383 fragmentation):
#  - the initiator proposes ECP-256 first, the responder only accepts X25519: the first IKE_SA_INIT
#    response is N(INVALID_KE_PAYLOAD), the initiator retries with X25519;
#  - the responder demands cookies once one IKE SA is half open (cookie_threshold = 1); a hand-made
#    IKE_SA_INIT from another port leaves one half open, so the real initiator gets N(COOKIE);
#  - both sides use a tiny fragment_size so IKE_AUTH travels as SKF fragments.
# Usage: capture.sh <output-dir>
set -euo pipefail
out=$(realpath "${1:?output dir}")
mkdir -p "$out"
suffix=$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')
nsa=ikc${suffix}a nsb=ikc${suffix}b
work=$(mktemp -d /tmp/ikc-capture.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  ip netns del "$nsa" 2>/dev/null || true
  ip netns del "$nsb" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$nsa"
ip netns add "$nsb"
ip link add "${nsa}0" type veth peer name "${nsb}0"
ip link set "${nsa}0" netns "$nsa"
ip link set "${nsb}0" netns "$nsb"
ip -n "$nsa" addr add 192.0.2.1/24 dev "${nsa}0"
ip -n "$nsb" addr add 192.0.2.2/24 dev "${nsb}0"
for ns in "$nsa" "$nsb"; do ip -n "$ns" link set lo up; done
ip -n "$nsa" addr add 10.91.1.1/24 dev lo
ip -n "$nsb" addr add 10.91.2.1/24 dev lo
ip -n "$nsa" link set "${nsa}0" up
ip -n "$nsb" link set "${nsb}0" up

write_conf() { # name local remote proposals cookie_threshold
  local d=$work/$1
  mkdir -p "$d/run"
  cat >"$d/strongswan.conf" <<CONF
charon {
  load = random nonce openssl aes sha1 sha2 hmac kdf gcm pem pkcs1 x509 pubkey curve25519 kernel-libipsec kernel-netlink socket-default updown vici
  fragment_size = 200
  cookie_threshold = $5
  dos_protection = yes
  plugins {
    vici { socket = unix://$d/charon.vici }
  }
  filelog {
    log { path = $d/charon.log
          default = 1 }
  }
}
CONF
  cat >"$d/swanctl.conf" <<CONF
connections {
  net {
    version = 2
    local_addrs = $2
    remote_addrs = $3
    proposals = $4
    fragmentation = yes
    local { auth = psk
            id = $2 }
    remote { auth = psk
             id = $3 }
    children {
      net { local_ts = 10.91.$6.0/24
            remote_ts = 10.91.$7.0/24
            esp_proposals = aes256gcm16-x25519 }
    }
  }
}
secrets {
  ike-1 { secret = capture-only-psk-not-a-secret }
}
CONF
}
write_conf a 192.0.2.1 192.0.2.2 aes256gcm16-prfsha256-ecp256-x25519 100 1 2
write_conf b 192.0.2.2 192.0.2.1 aes256gcm16-prfsha256-x25519 1 2 1

start_charon() { # name ns
  STRONGSWAN_CONF=$work/$1/strongswan.conf ip netns exec "$2" \
    sh -c "mount --bind $work/$1/run /run && exec /usr/lib/ipsec/charon" >"$work/$1/stdout" 2>&1 &
  pids+=($!)
}
ip netns exec "$nsa" tcpdump -i "${nsa}0" -Z root --immediate-mode -U -w "$work/ike.pcap" 'udp port 500 or udp port 4500' 2>"$work/tcpdump.log" &
pids+=($!)
start_charon a "$nsa"
start_charon b "$nsb"
for d in a b; do
  for _ in $(seq 50); do [ -S "$work/$d/charon.vici" ] && break; sleep 0.1; done
done
ip netns exec "$nsa" swanctl --load-all --file "$work/a/swanctl.conf" --uri "unix://$work/a/charon.vici" >"$work/a/load.log" 2>&1 || { cat "$work/a/load.log" >&2; exit 1; }
ip netns exec "$nsb" swanctl --load-all --file "$work/b/swanctl.conf" --uri "unix://$work/b/charon.vici" >"$work/b/load.log" 2>&1 || { cat "$work/b/load.log" >&2; exit 1; }
# Leave one IKE SA half open at the responder so that it demands a cookie from the real initiator.
ip netns exec "$nsa" python3 - <<'PY'
import os, socket, struct
def payload(kind, nxt, body):
    return struct.pack('>BBH', nxt, 0, 4 + len(body)) + body
transforms = [(1, 20, struct.pack('>HH', 0x800e, 256)), (2, 5, b''), (4, 31, b'')]
tbytes = b''.join(struct.pack('>BBHBBH', 3 if i < 2 else 0, 0, 8 + len(a), t, 0, i_d) + a
                  for i, (t, i_d, a) in enumerate(transforms))
proposal = struct.pack('>BBHBBBB', 0, 0, 8 + len(tbytes), 1, 1, 0, 3) + tbytes
body = payload(33, 34, proposal) + payload(34, 40, struct.pack('>HH', 31, 0) + os.urandom(32)) \
    + payload(40, 0, os.urandom(32))
header = os.urandom(8) + bytes(8) + struct.pack('>BBBBII', 33, 0x20, 34, 0x08, 0, 28 + len(body))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('192.0.2.1', 5000))
s.settimeout(2)
s.sendto(header + body, ('192.0.2.2', 500))
s.recv(2000)
PY
ip netns exec "$nsa" swanctl --initiate --child net --timeout 10 --uri "unix://$work/a/charon.vici" >"$work/initiate.log" 2>&1 \
  || { cat "$work/initiate.log" "$work/a/charon.log" >&2; exit 1; }
sleep 0.5
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true

python3 - "$work/ike.pcap" "$out/strongswan-exchange.hex" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
assert struct.unpack('<I', data[:4])[0] == 0xa1b2c3d4, 'expected a microsecond little-endian pcap'
linktype = struct.unpack('<I', data[20:24])[0]
pos, lines = 24, []
while pos + 16 <= len(data):
    incl = struct.unpack('<I', data[pos + 8:pos + 12])[0]
    frame = data[pos + 16:pos + 16 + incl]
    pos += 16 + incl
    ip = frame[14:] if linktype == 1 else frame
    if ip[0] >> 4 != 4 or ip[9] != 17:
        continue
    ihl = (ip[0] & 0xf) * 4
    src = ip[12:16]
    sport, dport = struct.unpack('>HH', ip[ihl:ihl + 4])
    payload = ip[ihl + 8:]
    if 4500 in (sport, dport):
        if payload[:4] != b'\0\0\0\0':
            continue  # ESP, not IKE
        payload = payload[4:]
    direction = 'i2r' if src == bytes([192, 0, 2, 1]) else 'r2i'
    lines.append(direction + ' ' + payload.hex())
open(sys.argv[2], 'w').write('\n'.join(lines) + '\n')
print(len(lines), 'IKE messages captured')
PY
