package io.liaison.systemtests.reliability;

/**
 * Sizes of the scenarios: small by default, so the suite stays within a few minutes of
 * {@code mvn verify}; the sizes with {@code -Dliaison.faults.heavy=true}.
 */
final class FaultLoad {
    static final String HEAVY_PROPERTY = "liaison.faults.heavy";

    private FaultLoad() {}

    static boolean heavy() {
        return Boolean.getBoolean(HEAVY_PROPERTY);
    }

    static int messages(int byDefault, int heavy) {
        return heavy() ? heavy : byDefault;
    }
}
