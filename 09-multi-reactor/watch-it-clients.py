# The README's "Watch it" clients: three connections, opened one after the other, each sends a line and reads it
# back, then all three stay open a moment and close.
import socket, sys, time
port = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
clients = []
for i in range(3):
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"c%d\n" % i)
    print("client", i, "got", c.recv(100))
    clients.append(c)
    time.sleep(0.2)
time.sleep(1.5)
for c in clients:
    c.close()
