package dev.liandan.storage;

/**
 * The database failed in a way that is neither the user's mistake nor a wrong call: a disk that
 * is full, a lock held longer than the busy timeout, a connection gone. Names the storage and
 * what was being done; the SQL exception is the cause.
 */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
