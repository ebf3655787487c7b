package dev.liandan.cli;

import java.util.List;

/** Left-aligned columns two spaces apart, the first row a header underlined with dashes. */
final class TextTable {
    private TextTable() {
    }

    static String of(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(sb, rows.get(r), width);
            if (r == 0) {
                line(sb, java.util.Arrays.stream(width).mapToObj("-"::repeat).toList(), width);
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", cells.get(i)));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
