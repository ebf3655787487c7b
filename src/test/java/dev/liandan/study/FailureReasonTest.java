package dev.liandan.study;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureReasonTest {

    @Test
    void aWrappedFailureNamesItsRootCauseInOneLine() {
        Throwable e = new RuntimeException("Error during neural network forward pass",
                new IllegalStateException("inner", new OutOfMemoryError(
                        "Physical memory usage is too high: physicalBytes (4097M) > maxPhysicalBytes (4096M)\nmore")));
        assertEquals("RuntimeException: Error during neural network forward pass; caused by OutOfMemoryError: "
                + "Physical memory usage is too high: physicalBytes (4097M) > maxPhysicalBytes (4096M)",
                FailureReason.of(e));
    }

    @Test
    void anUnwrappedFailureIsItsKindAndFirstLine() {
        assertEquals("IOException: disk full", FailureReason.of(new IOException("disk full\nat somewhere")));
        assertEquals("IllegalStateException", FailureReason.of(new IllegalStateException()));
    }
}
