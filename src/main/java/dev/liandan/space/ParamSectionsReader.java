package dev.liandan.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code params:}, {@code model:} and {@code training:} sections into one list of
 * parameters, in file order per section (params, then model, then training), each section
 * followed by the defaults of the settings it leaves out. Names form one flat namespace.
 */
final class ParamSectionsReader {
    static final List<String> SETTING_SECTIONS = List.of("model", "training");
    private static final SettingCatalogue SETTINGS = SettingCatalogue.installed();
    /** Free parameters are read by formulas, so their names must be formula names. */
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ParamSectionsReader() {
    }

    static List<ParsedParam> read(YamlNode.Mapping top) {
        return read(top, true);
    }

    /**
     * @param settings false for a command trial: only {@code params:} is read (the caller has
     *                 refused model and training), no setting defaults are added, and a free
     *                 parameter may take a setting's name ({@code lr}), as the program decides what it means
     */
    static List<ParsedParam> read(YamlNode.Mapping top, boolean settings) {
        List<ParsedParam> out = new ArrayList<>();
        if (top.get("params") != null) {
            for (YamlNode.Entry e : Nodes.optionalMapping(top.get("params"), "params").entries()) {
                checkFreeName(top, e, settings);
                out.add(ParamSpecReader.read(e.key(), "params", null, e.value(), e.keyLocation()));
            }
        }
        if (!settings) {
            return out;
        }
        for (String section : SETTING_SECTIONS) {
            YamlNode.Mapping m = top.get(section) == null ? new YamlNode.Mapping(List.of(), null)
                    : Nodes.optionalMapping(top.get(section), section);
            for (YamlNode.Entry e : m.entries()) {
                Setting setting = SETTINGS.find(section, e.key()).orElseThrow(() -> unknownSetting(section, e));
                out.add(ParamSpecReader.read(e.key(), section, setting, e.value(), e.keyLocation()));
            }
            for (Setting s : SETTINGS.settings()) {
                if (s.section().equals(section) && m.get(s.name()) == null) {
                    out.add(ParsedParam.ofDefault(s));
                }
            }
        }
        return out;
    }

    private static void checkFreeName(YamlNode.Mapping top, YamlNode.Entry e, boolean settings) {
        String name = e.key();
        if (!PARAM_NAME.matcher(name).matches()) {
            throw new SpaceError(e.keyLocation(), "params: '" + name + "' is not a valid parameter name:"
                    + " expected letters, digits and _, not starting with a digit (formulas read it by name)");
        }
        if (!settings) {
            return;
        }
        Optional<Setting> setting = SETTINGS.named(name);
        if (setting.isEmpty()) {
            return;
        }
        String section = setting.get().section();
        YamlNode.Entry other = top.get(section) instanceof YamlNode.Mapping m ? m.entry(name) : null;
        if (other == null) {
            throw new SpaceError(e.keyLocation(), "params: '" + name + "' is a " + section + " setting:"
                    + " give it under " + section + ":, not params:");
        }
        // the same name twice: report at the later one, which is where the clash is made
        YamlNode.Entry first = before(e.keyLocation(), other.keyLocation()) ? e : other;
        YamlNode.Entry second = first == e ? other : e;
        throw new SpaceError(second.keyLocation(), "'" + name + "' is defined twice, in params and in " + section
                + " (first at line " + first.keyLocation().line() + "): parameter names are one namespace");
    }

    private static boolean before(SourceLocation a, SourceLocation b) {
        return a.line() < b.line() || (a.line() == b.line() && a.column() < b.column());
    }

    private static SpaceError unknownSetting(String section, YamlNode.Entry e) {
        String hint = "";
        for (String other : SETTING_SECTIONS) {
            if (!other.equals(section) && SETTINGS.find(other, e.key()).isPresent()) {
                hint = " (" + e.key() + " belongs under " + other + ")";
            }
        }
        if (hint.isEmpty()) {
            hint = Nodes.didYouMean(e.key(), SETTINGS.names(section));
        }
        if (hint.isEmpty()) {
            hint = "; free parameters for formulas go under params";
        }
        return new SpaceError(e.keyLocation(), "unknown key '" + e.key() + "' in " + section + ": expected one of "
                + String.join(", ", SETTINGS.names(section)) + hint);
    }
}
