package io.xuanxuan.loadgen.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The report's Mustache templates ({@code src/main/resources/report/*.md.mustache}), compiled once. The
 * output is Markdown, not HTML: values are written as they are (no HTML escaping); a table cell's own
 * escaping (pipes, line breaks) is {@link Fmt#cell}'s.
 */
final class Templates {

    private static final MustacheFactory FACTORY = new DefaultMustacheFactory("report") {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final Mustache REPORT = FACTORY.compile("report.md.mustache");
    static final Mustache TARGETS = FACTORY.compile("targets.md.mustache");
    static final Mustache TABLE = FACTORY.compile("table.md.mustache");
    static final Mustache BEFORE_AFTER = FACTORY.compile("before-after.md.mustache");
    static final Mustache CLUSTER = FACTORY.compile("cluster.md.mustache");
    static final Mustache PROFILE = FACTORY.compile("profile.md.mustache");

    private Templates() {
    }

    /**
     * A one-line text (a table cell, a list item) from the template {@code report/<name>.mustache}, without
     * the line break that ends the template's file.
     */
    static String inline(String name, Object model) {
        String text = render(FACTORY.compile(name + ".mustache"), model);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    static String render(Mustache template, Object model) {
        StringWriter out = new StringWriter();
        template.execute(out, model);
        return out.toString();
    }
}
