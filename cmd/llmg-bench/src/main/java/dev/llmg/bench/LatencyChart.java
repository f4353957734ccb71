package dev.llmg.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Draws the non-streaming latency percentiles (p50, p90, p99, p99.9) of every system as grouped bars on a log
 * scale, one panel per stub latency and rate, into a PNG with Java2D (headless, no other dependency).
 */
final class LatencyChart {

    private static final int PANEL_W = 460;
    private static final int PANEL_H = 320;
    private static final int COLUMNS = 3;
    private static final Color[] COLORS = {
            new Color(0x4C78A8), new Color(0xF58518), new Color(0xE45756), new Color(0x72B7B2)};
    private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9"};

    private LatencyChart() {}

    /** Writes the chart of {@code results} to {@code file}; draws nothing when there is no unary result. */
    static void write(List<RunResult> results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final Map<String, List<RunResult>> panels = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (!r.stream()) {
                panels.computeIfAbsent("stub " + r.stubLatencyMs() + " ms, " + r.rate() + " req/s",
                                       k -> new ArrayList<>()).add(r);
            }
        }
        if (panels.isEmpty()) {
            return;
        }
        final int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
        final int columns = Math.min(COLUMNS, panels.size());
        final BufferedImage image = new BufferedImage(columns * PANEL_W, rows * PANEL_H + 40,
                                                      BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        legend(g);
        int index = 0;
        for (Map.Entry<String, List<RunResult>> panel : panels.entrySet()) {
            panel(g, panel.getKey(), panel.getValue(), (index % COLUMNS) * PANEL_W, 40 + (index / COLUMNS) * PANEL_H);
            index++;
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString("Latency (ms, log scale) per system, non-streaming, open loop", 10, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < PERCENTILES.length; i++) {
            g.setColor(COLORS[i]);
            g.fillRect(520 + i * 70, 12, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(PERCENTILES[i], 536 + i * 70, 23);
        }
    }

    private static void panel(Graphics2D g, String title, List<RunResult> runs, int x0, int y0) {
        final int left = x0 + 50;
        final int top = y0 + 30;
        final int width = PANEL_W - 70;
        final int height = PANEL_H - 110;
        final double min = Math.log10(0.05);
        double max = Math.log10(1);
        for (RunResult r : runs) {
            max = Math.max(max, Math.log10(Math.max(r.p999(), 1) / 1000.0));
        }
        max = Math.ceil(max);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(title, left, y0 + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setStroke(new BasicStroke(1));
        for (double tick = Math.ceil(min); tick <= max; tick++) {
            final int y = top + height - (int) ((tick - min) / (max - min) * height);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.valueOf(Math.pow(10, tick)).replaceAll("\\.0$", ""), x0 + 8, y + 4);
        }
        final int group = width / runs.size();
        final int bar = Math.max(2, (group - 8) / PERCENTILES.length);
        for (int i = 0; i < runs.size(); i++) {
            final RunResult r = runs.get(i);
            final long[] values = {r.p50(), r.p90(), r.p99(), r.p999()};
            for (int p = 0; p < values.length; p++) {
                final double v = Math.log10(Math.max(values[p], 50) / 1000.0);
                final int h = (int) ((v - min) / (max - min) * height);
                g.setColor(COLORS[p]);
                g.fillRect(left + i * group + 4 + p * bar, top + height - h, bar - 1, h);
            }
            g.setColor(r.errors() > 0 ? Color.RED : Color.BLACK);
            final Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + i * group + group / 2 - 4, top + height + 6);
            rotated.rotate(Math.PI / 4);
            rotated.drawString(r.label() + (r.errors() > 0 ? " (errors)" : ""), 0, 0);
            rotated.dispose();
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top + height, left + width, top + height);
        g.drawLine(left, top, left, top + height);
    }
}
