package dev.liandan.space;

import java.util.List;
import java.util.Optional;

/**
 * A parameter as read from the file, with the places that the checks across parameters (unknown
 * names, impossible conditions, cycles) report at; the {@link Param} records keep only their own
 * location.
 *
 * @param section      params, model or training, for messages
 * @param when         where the condition was written, or null without one
 * @param expressionAt where a formula's text starts, or null for other kinds
 */
record ParsedParam(Param param, String section, When when, SourceLocation expressionAt) {

    /** A {@code when: {parent: value(s)}}: the parent's name and each value, with their places. */
    record When(SourceLocation parentAt, List<YamlNode.Scalar> values) {
        When {
            values = List.copyOf(values);
        }
    }

    String name() {
        return param.name();
    }

    /** The parameter as messages name it: "training.lr". */
    String what() {
        return section + "." + param.name();
    }

    /** A setting the file leaves out: its default, which nothing reports an error at. */
    static ParsedParam ofDefault(Setting setting) {
        return new ParsedParam(new FixedParam(setting.name(), setting.defaultValue(), Optional.empty(), null),
                setting.section(), null, null);
    }
}
