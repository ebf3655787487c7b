package dev.liandan.report;

import org.jfree.chart.JFreeChart;

/**
 * One drawn chart of the report.
 *
 * @param id a name unique in the report, used for the SVG's element id and the image file names
 */
record Plot(String id, JFreeChart chart, int width, int height) {

    String svg() {
        return Svg.render(chart, width, height, id, true);
    }
}
