package net.vpnaas.ike.message;

import java.util.Arrays;
import java.util.Comparator;

/** Code-to-constant lookup for a registry enum without boxing (binary search over sorted codes). */
final class CodeIndex<E extends Enum<E> & IanaCode> {

    private final int[] codes;
    private final E[] values;
    private final E unknown;

    CodeIndex(E[] all, E unknown) {
        E[] known = Arrays.stream(all).filter(e -> e != unknown)
                .sorted(Comparator.comparingInt(IanaCode::code))
                .toArray(n -> Arrays.copyOf(all, n));
        this.values = known;
        this.codes = Arrays.stream(known).mapToInt(IanaCode::code).toArray();
        for (int i = 1; i < codes.length; i++) {
            if (codes[i] == codes[i - 1]) {
                throw new IllegalStateException("duplicate code " + codes[i] + " in " + unknown.getDeclaringClass());
            }
        }
        this.unknown = unknown;
    }

    E of(int code) {
        int i = Arrays.binarySearch(codes, code);
        return i >= 0 ? values[i] : unknown;
    }
}
