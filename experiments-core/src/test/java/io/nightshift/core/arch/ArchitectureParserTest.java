package io.nightshift.core.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureParserTest {

    @Test
    void parsesTheDesignExample() {
        Architecture a = Architecture.parse("conv(32,3) relu pool(2) conv(64,3) relu pool(2) fc(128) relu fc(10)");
        assertThat(a.layers()).containsExactly(
                new Layer.Conv(32, 3, 1, 0), new Layer.Act(Activation.RELU), new Layer.Pool(Layer.PoolKind.MAX, 2, 2),
                new Layer.Conv(64, 3, 1, 0), new Layer.Act(Activation.RELU), new Layer.Pool(Layer.PoolKind.MAX, 2, 2),
                new Layer.Fc(128), new Layer.Act(Activation.RELU), new Layer.Fc(10));
    }

    @Test
    void parsesEveryLayerKindAliasesAndSpacing() {
        Architecture a = Architecture.parse("  CONV( 8 , 5, 2, 1 )bn tanh avgpool(3,1) maxpool(2) flatten dropout(0.25)"
                + " dense(32) gelu linear(10) sigmoid  ");
        assertThat(a.layers()).containsExactly(
                new Layer.Conv(8, 5, 2, 1), new Layer.BatchNorm(), new Layer.Act(Activation.TANH),
                new Layer.Pool(Layer.PoolKind.AVG, 3, 1), new Layer.Pool(Layer.PoolKind.MAX, 2, 2), new Layer.Flatten(),
                new Layer.Dropout(0.25), new Layer.Fc(32), new Layer.Act(Activation.GELU), new Layer.Fc(10),
                new Layer.Act(Activation.SIGMOID));
    }

    @Test
    void canonicalTextRoundTrips() {
        String text = "conv(8,5,2,1) batchnorm relu avgpool(3,1) pool(2) flatten dropout(0.5) fc(10)";
        Architecture a = Architecture.parse(text);
        assertThat(a.toString()).isEqualTo(text);
        assertThat(Architecture.parse(a.toString())).isEqualTo(a);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" fails at column {1}")
    @CsvSource(delimiter = '|', value = {
            "''                           | 1  | expected a layer",
            "conv(32,3                    | 10 | expected ',' or ')'",
            "conv(32) relu                | 8  | conv takes 2 to 4 argument(s)",
            "conv(32,3) relu pool(2) fc() | 28 | expected a number for fc(units)",
            "fc(10) relux                 | 8  | unknown layer 'relux'",
            "fc(12.5)                     | 4  | expected a whole number for units but found '12.5'",
            "fc(0)                        | 4  | fc units must be positive",
            "dropout(1.5) fc(10)          | 9  | dropout rate must be in [0, 1)",
            "relu(2)                      | 5  | relu takes no arguments",
            "fc 10                        | 3  | expected '(' after fc",
            "fc(10),relu                  | 7  | expected a layer name",
            "pool(2,2,2)                  | 11 | pool takes 1 to 2 argument(s)",
    })
    void errorsSayWhereAndWhatWasExpected(String text, int column, String message) {
        ArchitectureSyntaxException e = catchThrowableOfType(ArchitectureSyntaxException.class,
                () -> Architecture.parse(text));
        assertThat(e).as("parsing \"%s\"", text).isNotNull();
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.getMessage()).contains("column " + column).contains(message);
        // The caret line points at the same column under the echoed text.
        List<String> lines = e.getMessage().lines().toList();
        assertThat(lines.get(2).indexOf('^')).isEqualTo(2 + column - 1);
    }
}
