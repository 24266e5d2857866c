import socket, threading, time, sys
port = int(sys.argv[1]); size = int(sys.argv[2])
a = socket.create_connection(("127.0.0.1", port))
a.sendall(b"hi\n"); print("A got", a.recv(100))
b = socket.socket(); b.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
b.connect(("127.0.0.1", port))
t = threading.Thread(target=lambda: b.sendall(b"x" * size)); t.start()
time.sleep(1)                      # B reads nothing for a second
got = 0
while got < size:                  # then reads, 4 KiB at a time
    got += len(b.recv(4096))
t.join(); print("B got", got)
time.sleep(3)                      # both idle, connected
a.close(); b.close()
