package echo.selector;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * A {@link Handler}'s connection with no kernel behind it: the test decides what each read brings and how many
 * bytes each write takes, and what the selector reports ready. Through TCP a test cannot make the pending count
 * land on an exact byte (the kernel's buffers take what they take); here it can, so the watermarks are tested to
 * the byte. Everything a Handler does not call throws.
 */
final class StubConnection {
    final Channel channel = new Channel();
    final Key key = new Key();

    /** The channel: reads come from {@link #nextRead}, writes take up to {@link #writeBudget} bytes in all. */
    final class Channel extends SocketChannel {
        byte[] nextRead;       // what the next read returns (then null: a read with nothing there returns 0)
        boolean endOfInput;    // once nextRead is used up, reads return -1 (the client half-closed)
        long writeBudget;      // bytes the "kernel" still takes; a write takes at most this many
        int writes;            // write calls, gathering or not
        final ByteArrayOutputStream written = new ByteArrayOutputStream(); // every byte taken, in order

        Channel() {
            super(SelectorProvider.provider());
        }

        @Override
        public int read(ByteBuffer dst) {
            if (nextRead != null) {
                byte[] bytes = nextRead;
                nextRead = null;
                dst.put(bytes);
                return bytes.length;
            }
            return endOfInput ? -1 : 0;
        }

        @Override
        public int write(ByteBuffer src) {
            writes++;
            return take(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            writes++;
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += take(srcs[i]);
            }
            return n;
        }

        private int take(ByteBuffer src) {
            int n = (int) Math.min(src.remaining(), writeBudget);
            byte[] bytes = new byte[n];
            src.get(bytes);
            written.writeBytes(bytes);
            writeBudget -= n;
            return n;
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        }

        @Override
        public SocketAddress getLocalAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 20000);
        }

        @Override
        protected void implCloseSelectableChannel() {
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketChannel bind(SocketAddress local) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> SocketChannel setOption(SocketOption<T> name, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T getOption(SocketOption<T> name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketChannel shutdownInput() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketChannel shutdownOutput() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket socket() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isConnected() {
            return isOpen();
        }

        @Override
        public boolean isConnectionPending() {
            return false;
        }

        @Override
        public boolean connect(SocketAddress remote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean finishConnect() {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * The channel's selection key: the test sets what is ready. Like a real key it is cancelled once its channel is
     * closed, and then asking it what is ready throws {@link CancelledKeyException}.
     */
    final class Key extends SelectionKey {
        int interestOps = OP_READ; // as Reactor.serve() registers a connection
        int readyOps;

        @Override
        public SelectableChannel channel() {
            return channel;
        }

        @Override
        public Selector selector() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isValid() {
            return channel.isOpen();
        }

        @Override
        public void cancel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int interestOps() {
            requireValid();
            return interestOps;
        }

        @Override
        public SelectionKey interestOps(int ops) {
            requireValid();
            interestOps = ops;
            return this;
        }

        @Override
        public int readyOps() {
            requireValid();
            return readyOps;
        }

        private void requireValid() {
            if (!isValid()) {
                throw new CancelledKeyException();
            }
        }

        boolean reading() {
            return (interestOps & OP_READ) != 0;
        }

        boolean writing() {
            return (interestOps & OP_WRITE) != 0;
        }
    }

    /** The reactor's loop dispatching this key once, as ready as the test says. */
    static void dispatch(Handler handler, StubConnection connection, int readyOps) {
        connection.key.readyOps = readyOps;
        handler.run();
    }
}
