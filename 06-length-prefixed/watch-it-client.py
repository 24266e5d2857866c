# The README's "Watch it" client: a frame split over three writes, two frames in one write, then a length over
# the max. Each write waits a moment, so that each is one read on the server (the trace shows it).
import socket, struct, sys, time
port = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
def frame(payload): return struct.pack(">I", len(payload)) + payload
s = socket.create_connection(("127.0.0.1", port))
f = frame(b"hello, frames")                          # 4 + 13 bytes
for piece in (f[:2], f[2:9], f[9:]):
    s.sendall(piece); time.sleep(0.3)
print("back:", s.recv(100))
s.sendall(frame(b"one") + frame(b"two!")); time.sleep(0.3)
print("back:", s.recv(100))
s.close()
bad = socket.create_connection(("127.0.0.1", port))
bad.sendall(struct.pack(">I", 2_000_000))            # over the 1 MiB max
print("bad:", bad.recv(100))                          # b'': closed by the server
