package dev.liandan.ensemble;

import dev.liandan.core.UserError;
import dev.liandan.study.StudyLayout;
import dev.liandan.study.Trial;
import dev.liandan.train.NetworkInput;
import dev.liandan.train.SavedNetwork;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The candidates of a define-by-run study whose trials trained the user's own networks: each
 * trial's folder holds its network, its {@code val_predictions.csv} ({@code row,label,p_0,...}, the
 * label a class index) and its {@code input.json} (one example's shape, the class names). The best
 * candidate's validation rows, labels and input are the reference; a trial validated on other rows,
 * or whose network reads another shape or says other classes, cannot be combined with it and is
 * skipped with a note. There is no test split: the user's objective holds out what it holds out.
 */
final class OwnNetworkCandidates implements EnsembleBuilder.Candidates {
    /** The reference: the first candidate's validation rows, labels and input. */
    private int[] rows;
    private int[] labels;
    private NetworkInput input;

    @Override
    public EnsembleBuilder.Member load(Trial t, Path dir, EnsembleListener listener) throws IOException {
        Path inputFile = dir.resolve(StudyLayout.INPUT_FILE);
        if (!Files.isRegularFile(inputFile)) {
            listener.note("trial " + t.number() + " has no " + StudyLayout.INPUT_FILE + " in " + dir
                    + " (the shape of its input and its classes): skipped");
            return null;
        }
        NetworkInput in;
        try {
            in = NetworkInput.read(inputFile);
        } catch (IOException e) {
            throw new UserError(inputFile + ": not an input description (" + e.getMessage().lines().findFirst().orElse("")
                    + ")");
        }
        Predictions p = read(dir.resolve(StudyLayout.PREDICTIONS_FILE), in.classes().size(), t.number());
        if (input == null) {
            input = in;
            rows = p.rows();
            labels = p.labels();
        } else if (!input.equals(in)) {
            listener.note("trial " + t.number() + "'s network reads " + in.shape() + " with classes " + in.classes()
                    + ", the best trial's " + input.shape() + " with " + input.classes() + ": skipped");
            return null;
        } else if (!Arrays.equals(rows, p.rows()) || !Arrays.equals(labels, p.labels())) {
            listener.note("trial " + t.number() + " was validated on other rows than the best trial (its "
                    + StudyLayout.PREDICTIONS_FILE + " differs in rows or labels): skipped");
            return null;
        }
        SavedNetwork net;
        try {
            net = SavedNetwork.read(dir.resolve(StudyLayout.MODEL_FILE));
        } catch (IOException | RuntimeException e) {
            throw new UserError(dir.resolve(StudyLayout.MODEL_FILE) + ": not a readable DL4J model ("
                    + e.getClass().getSimpleName() + ")");
        }
        return new EnsembleBuilder.Member(t, t.number(), t.seed(), false, net, p.probabilities(), null);
    }

    private record Predictions(int[] rows, int[] labels, double[][] probabilities) {
    }

    /** {@code row,label,p_0,...,p_<k-1>}, the label a class index below {@code k}. */
    private static Predictions read(Path file, int k, int trial) throws IOException {
        String problem = "trial " + trial + "'s " + file.getFileName();
        List<Integer> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<double[]> p = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = PredictionInput.cells(r.readLine());
            if (header.size() != k + 2 || !header.get(0).equals("row") || !header.get(1).equals("label")) {
                throw new UserError(problem + ": its header has " + header.size() + " columns, expected row,label and"
                        + " p_0..p_" + (k - 1) + " (" + k + " classes in " + StudyLayout.INPUT_FILE + ")");
            }
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = PredictionInput.cells(line);
                if (cells.size() != k + 2) {
                    throw new UserError(problem + ": line " + lineNo + " has " + cells.size() + " values, expected "
                            + (k + 2));
                }
                int label = Integer.parseInt(cells.get(1));
                if (label < 0 || label >= k) {
                    throw new UserError(problem + ": line " + lineNo + ": label " + label + " is no class index below "
                            + k);
                }
                rows.add(Integer.parseInt(cells.get(0)));
                labels.add(label);
                double[] probs = new double[k];
                for (int c = 0; c < k; c++) {
                    probs[c] = Float.parseFloat(cells.get(c + 2)); // written from floats in their shortest form
                }
                p.add(probs);
            }
        } catch (NumberFormatException e) {
            throw new UserError(problem + ": " + e.getMessage());
        }
        if (p.isEmpty()) {
            throw new UserError(problem + " holds no validation rows");
        }
        return new Predictions(rows.stream().mapToInt(Integer::intValue).toArray(),
                labels.stream().mapToInt(Integer::intValue).toArray(), p.toArray(new double[0][]));
    }

    @Override
    public int[] validationLabels() {
        return labels;
    }

    @Override
    public int[] testLabels() {
        return null;
    }

    @Override
    public List<String> classNames() {
        return input.classes();
    }

    @Override
    public Manifest.Input input() {
        return Manifest.Input.raw(input.shape());
    }

    @Override
    public List<EnsembleBuilder.Member> reseeded(EnsembleBuilder.Member original, int perConfig,
                                                 EnsembleListener listener, List<EnsembleBuilder.Member> created) {
        throw new IllegalStateException("own networks are not retrained"); // buildOwn refuses such options first
    }
}
