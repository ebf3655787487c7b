package dev.liandan.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.liandan.study.StudyLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a user's own network reads and says, kept beside its model as {@value StudyLayout#INPUT_FILE}
 * so that an ensemble of such networks can predict new rows: the shape of one example as the
 * validation iterator gave it (a flat CSV row is reshaped to it) and the class names, in the order
 * of the network's outputs.
 *
 * @param shape   one example's shape without the batch dimension: {@code [features]}, {@code [channels, height, width]}, ...
 * @param classes class names, one per output
 */
public record NetworkInput(List<Long> shape, List<String> classes) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public NetworkInput {
        shape = List.copyOf(shape);
        classes = List.copyOf(classes);
    }

    /** Values in one example: the product of its shape. */
    public int size() {
        return Math.toIntExact(shape.stream().reduce(1L, Math::multiplyExact));
    }

    public long[] shapeArray() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    public static NetworkInput read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), NetworkInput.class);
    }

    /** Writes it beside {@code file} and moves it there, so that a reader never sees half a file. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(this));
        AtomicFiles.replace(tmp, file);
    }
}
