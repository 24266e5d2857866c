# The README's "Watch it" clients: two connections to the socket file; each sends a line and reads it back; the
# first then shuts its output (half-close) and reads until the server closes; the second closes a moment later.
import socket, sys, time
path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/echo.sock"
def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path); return s
a, b = connect(), connect()
for s, line in ((a, b"hi\n"), (b, b"yo\n")):
    s.sendall(line); print("got", s.recv(100))
a.shutdown(socket.SHUT_WR); print("a: server closed:", a.recv(100) == b"")
time.sleep(0.5)
b.close()
