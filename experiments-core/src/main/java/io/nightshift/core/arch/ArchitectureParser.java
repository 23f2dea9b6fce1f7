package io.nightshift.core.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for the architecture grammar:
 *
 * <pre>
 * architecture := layer (whitespace layer)*
 * layer        := conv(filters, kernel [, stride [, padding]])
 *               | pool(size [, stride]) | avgpool(size [, stride])
 *               | fc(units) | dropout(rate) | batchnorm | flatten
 *               | relu | tanh | sigmoid | gelu
 * </pre>
 *
 * Names are case-insensitive; {@code maxpool}, {@code linear}, {@code dense} and {@code bn} are
 * accepted as aliases. Every error names the column and what was expected there, because the
 * strings come from people and language models who need to fix them.
 */
final class ArchitectureParser {

    private static final String LAYER_NAMES = "conv, pool, avgpool, fc, dropout, batchnorm, flatten, relu, tanh, sigmoid, gelu";

    private final String text;
    private int pos;

    ArchitectureParser(String text) {
        this.text = text == null ? "" : text;
    }

    Architecture parse() {
        List<Layer> layers = new ArrayList<>();
        skipWhitespace();
        if (atEnd()) {
            throw error(pos, "expected a layer (one of " + LAYER_NAMES + ") but found " + (text.isEmpty()
                    ? "an empty string" : "only whitespace"));
        }
        while (!atEnd()) {
            // "conv(8,3)relu" reads fine without a space; two names run together are rejected in noArguments.
            layers.add(layer());
            skipWhitespace();
        }
        return new Architecture(layers);
    }

    private Layer layer() {
        int start = pos;
        String name = identifier();
        if (name.isEmpty()) {
            throw error(pos, "expected a layer name (one of " + LAYER_NAMES + ") but found " + found());
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "conv" -> {
                List<Arg> args = arguments("conv", 2, 4, "filters, kernel [, stride [, padding]]");
                yield build(args.get(0), () -> new Layer.Conv(
                        args.get(0).integer("filters"), args.get(1).integer("kernel"),
                        args.size() > 2 ? args.get(2).integer("stride") : 1,
                        args.size() > 3 ? args.get(3).integer("padding") : 0));
            }
            case "pool", "maxpool", "avgpool" -> {
                Layer.PoolKind kind = name.equalsIgnoreCase("avgpool") ? Layer.PoolKind.AVG : Layer.PoolKind.MAX;
                List<Arg> args = arguments(name, 1, 2, "size [, stride]");
                int size = args.get(0).integer("size");
                int stride = args.size() > 1 ? args.get(1).integer("stride") : size;
                yield build(args.get(0), () -> new Layer.Pool(kind, size, stride));
            }
            case "fc", "linear", "dense" -> {
                List<Arg> args = arguments(name, 1, 1, "units");
                yield build(args.get(0), () -> new Layer.Fc(args.get(0).integer("units")));
            }
            case "dropout" -> {
                List<Arg> args = arguments(name, 1, 1, "rate");
                yield build(args.get(0), () -> new Layer.Dropout(args.get(0).decimal()));
            }
            case "batchnorm", "bn" -> noArguments(name, new Layer.BatchNorm());
            case "flatten" -> noArguments(name, new Layer.Flatten());
            case "relu", "tanh", "sigmoid", "gelu" ->
                    noArguments(name, new Layer.Act(Activation.parse(name)));
            default -> throw error(start, "unknown layer '" + name + "'; expected one of " + LAYER_NAMES);
        };
    }

    private interface LayerFactory {
        Layer create();
    }

    /** Builds the layer, turning a range error (zero filters, dropout 1.5) into one that points at the arguments. */
    private Layer build(Arg first, LayerFactory factory) {
        try {
            return factory.create();
        } catch (ArchitectureSyntaxException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(first.offset, e.getMessage());
        }
    }

    private Layer noArguments(String name, Layer layer) {
        if (!atEnd() && text.charAt(pos) == '(') {
            throw error(pos, name + " takes no arguments; write just '" + name + "'");
        }
        if (!atEnd() && !Character.isWhitespace(text.charAt(pos))) {
            throw error(pos, "expected whitespace between layers after '" + name + "' but found " + found());
        }
        return layer;
    }

    private record Arg(String token, int offset, ArchitectureParser parser) {
        int integer(String what) {
            try {
                return Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw parser.error(offset, "expected a whole number for " + what + " but found '" + token + "'");
            }
        }

        double decimal() {
            return Double.parseDouble(token);
        }
    }

    private List<Arg> arguments(String name, int min, int max, String signature) {
        if (atEnd() || text.charAt(pos) != '(') {
            throw error(pos, "expected '(' after " + name + " (" + name + "(" + signature + ")) but found " + found());
        }
        pos++;
        List<Arg> args = new ArrayList<>();
        while (true) {
            skipWhitespace();
            int start = pos;
            while (!atEnd() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String token = text.substring(start, pos);
            if (token.isEmpty() || token.equals(".") || token.indexOf('.') != token.lastIndexOf('.')) {
                throw error(start, "expected a number for " + name + "(" + signature + ") but found "
                        + (token.isEmpty() ? found() : "'" + token + "'"));
            }
            args.add(new Arg(token, start, this));
            skipWhitespace();
            if (!atEnd() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            if (!atEnd() && text.charAt(pos) == ')') {
                if (args.size() < min || args.size() > max) {
                    throw error(pos, name + " takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                            + " argument(s) (" + signature + ") but got " + args.size());
                }
                pos++;
                return args;
            }
            throw error(pos, "expected ',' or ')' in " + name + "(" + signature + ") but found " + found());
        }
    }

    private String identifier() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')
                && (pos > start || Character.isLetter(text.charAt(pos)))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipWhitespace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private String found() {
        return atEnd() ? "end of input" : "'" + text.charAt(pos) + "'";
    }

    ArchitectureSyntaxException error(int offset, String problem) {
        return new ArchitectureSyntaxException(text, offset, problem);
    }
}
