package dev.liandan.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a trial's output (stdout and stderr, merged) byte for byte into its log file, and splits
 * it into lines: the last few are kept for a failure's reason, metric lines go to the queue. Runs
 * on its own thread so that a program that floods its output never blocks on a full pipe while
 * the backend waits. A line longer than {@value #MAX_LINE} bytes is cut for parsing (the log keeps
 * it whole), so garbage without line breaks costs bounded memory.
 */
final class OutputPump implements Runnable {
    static final int MAX_LINE = 64 * 1024;
    /** Put on the queue when the output has ended. */
    static final MetricLine END = new MetricLine(MetricLine.Kind.OUTPUT, 0, java.util.Map.of(), "end of output");

    private final InputStream in;
    private final OutputStream log;
    private final BlockingQueue<MetricLine> queue;
    private final int tailLines;
    private final Deque<String> tail = new ArrayDeque<>();

    OutputPump(InputStream in, OutputStream log, BlockingQueue<MetricLine> queue, int tailLines) {
        this.in = in;
        this.log = log;
        this.queue = queue;
        this.tailLines = tailLines;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean logging = true;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (logging) {
                    try {
                        log.write(buf, 0, n);
                        log.flush();
                    } catch (IOException e) {
                        logging = false; // a full disk must not stop the metrics; keep reading
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        emit(line);
                    } else if (line.size() < MAX_LINE) {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed under us (the backend gave up waiting): end of output
        } finally {
            if (line.size() > 0) {
                emit(line);
            }
            queue.add(END);
        }
    }

    private void emit(ByteArrayOutputStream bytes) {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        // a progress bar redraws its line with '\r': what shows on a terminal is the part after the last one
        int cr = s.lastIndexOf('\r');
        if (cr >= 0) {
            s = s.substring(cr + 1);
        }
        if (!s.isBlank()) {
            synchronized (tail) {
                tail.addLast(s);
                if (tail.size() > tailLines) {
                    tail.removeFirst();
                }
            }
        }
        MetricLine m = MetricLine.parse(s);
        if (m.kind() != MetricLine.Kind.OUTPUT) {
            queue.add(m);
        }
    }

    /** The last non-blank lines so far, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }
}
