package dev.liandan.report;

import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGGraphics2DIOException;
import org.apache.batik.svggen.SVGIDGenerator;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.ChartEntity;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.geom.PathIterator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws a JFreeChart as SVG text (through Batik's SVGGraphics2D, since JFreeChart draws on any
 * Graphics2D) or as a PNG file. The SVG for the page gets ids prefixed by the chart's id, so that
 * several charts inline in one HTML page do not share clip-path ids, a viewBox so it scales, and a
 * layer of invisible shapes with {@code <title>} over every item that has a tool tip, so that
 * hovering a point in a browser names its trial.
 */
final class Svg {
    private Svg() {
    }

    /** A standalone SVG document (for files) when {@code inline} is false; an {@code <svg>} element otherwise. */
    static String render(JFreeChart chart, int width, int height, String id, boolean inline) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM implementation", e);
        }
        SVGGeneratorContext ctx = SVGGeneratorContext.createDefault(doc);
        ctx.setEmbeddedFontsOn(false);
        ctx.setComment(null);
        ctx.setIDGenerator(new SVGIDGenerator() {
            @Override
            public String generateID(String prefix) {
                return super.generateID(id + "-" + prefix);
            }
        });
        SVGGraphics2D g = new SVGGraphics2D(ctx, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g, new Rectangle(0, 0, width, height), info);
        StringWriter w = new StringWriter();
        try {
            g.stream(w, true);
        } catch (SVGGraphics2DIOException e) {
            throw new UncheckedIOException(new IOException("cannot write SVG", e));
        }
        String svg = w.toString();
        svg = svg.substring(svg.indexOf("<svg"));
        svg = svg.replaceFirst("<svg ", "<svg id=\"" + id + "\" class=\"chart\" viewBox=\"0 0 " + width + " " + height
                + "\" preserveAspectRatio=\"xMinYMin meet\" ");
        String tips = toolTips(info);
        int end = svg.lastIndexOf("</svg");
        svg = svg.substring(0, end) + tips + svg.substring(end);
        return inline ? svg : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;
    }

    private static String toolTips(ChartRenderingInfo info) {
        if (info.getEntityCollection() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<g class=\"tips\" style=\"fill:#000;fill-opacity:0;stroke:none\">");
        for (Object o : info.getEntityCollection().getEntities()) {
            ChartEntity e = (ChartEntity) o;
            String tip = e.getToolTipText();
            if (tip == null || tip.isEmpty()) {
                continue;
            }
            sb.append("<path d=\"").append(path(e.getArea())).append("\"><title>").append(Html.escape(tip))
                    .append("</title></path>");
        }
        return sb.append("</g>").toString();
    }

    private static String path(java.awt.Shape shape) {
        StringBuilder d = new StringBuilder();
        double[] c = new double[6];
        for (PathIterator it = shape.getPathIterator(null, 0.5); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            if (type == PathIterator.SEG_MOVETO) {
                d.append(String.format(Locale.ROOT, "M%.1f %.1f", c[0], c[1]));
            } else if (type == PathIterator.SEG_LINETO) {
                d.append(String.format(Locale.ROOT, "L%.1f %.1f", c[0], c[1]));
            } else if (type == PathIterator.SEG_CLOSE) {
                d.append('Z');
            }
        }
        return d.toString();
    }

    static void png(JFreeChart chart, int width, int height, Path file) {
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
