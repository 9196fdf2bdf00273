package net.vpnaas.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

class IsoInstantSerializerTest {
    private final JsonMapper mapper = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(Instant.class, new IsoInstantSerializer())).build();

    @Test
    void writesWhatTheJdkIsoFormatterWritesForEdgeCases() {
        List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2024-02-29T12:00:00.000001Z"),
                Instant.parse("2026-11-23T20:15:47.048380Z"), Instant.parse("2026-11-23T20:15:47.040Z"),
                Instant.parse("2026-11-23T20:15:47.000000100Z"));
        for (Instant instant : edges) {
            assertThat(json(instant)).isEqualTo(jdk(instant));
        }
    }

    @Test
    void writesWhatTheJdkIsoFormatterWritesForRandomInstantsOfEveryPrecision() {
        var random = new SplittableRandom(7);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), nanos);
            assertThat(json(instant)).isEqualTo(jdk(instant));
        }
    }

    @Test
    void yearsOutsideFourDigitsTakeTheJdkPath() {
        char[] unused = new char[40];
        for (Instant instant : List.of(Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"))) {
            assertThat(IsoInstantSerializer.format(instant, unused)).isEqualTo(-1);
            assertThat(json(instant)).isEqualTo(jdk(instant));
        }
    }

    private String json(Instant instant) {
        return mapper.writeValueAsString(instant);
    }

    private static String jdk(Instant instant) {
        return "\"" + DateTimeFormatter.ISO_INSTANT.format(instant) + "\"";
    }
}
