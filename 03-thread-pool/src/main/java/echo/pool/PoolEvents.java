package echo.pool;

import echo.common.BlockingEvents;

import java.net.Socket;

/**
 * Chapter 03's events: the blocking loop's, plus the pool's: a connection handed to the pool (to wait for a free
 * worker, or not at all), taken by a worker, refused, and its place given back. No-op by default, like
 * {@link BlockingEvents} (DESIGN.md, tracing). An idle time-out is the loop's {@code ended(client, IDLE)}.
 */
public interface PoolEvents extends BlockingEvents {
    PoolEvents NONE = new PoolEvents() {
    };

    /** The connection holds a place and is handed to the pool: a free worker takes it, or it waits in the queue. */
    default void queued(Socket client) {
    }

    /** On the worker's thread: this worker takes the connection and serves it until it is done. */
    default void workerTaken(Socket client) {
    }

    /** Every worker busy and the queue full: closed at once. */
    default void refused(Socket client) {
    }

    /** The connection is over and its place is given back: {@code placesFree} of pool + queue are free now. */
    default void released(Socket client, int placesFree) {
    }
}
