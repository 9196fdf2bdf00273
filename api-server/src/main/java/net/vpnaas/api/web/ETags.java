package net.vpnaas.api.web;

/**
 * Strong entity tags from the row version, and the If-Match check (RFC 9110 section 13.1.1): a
 * write is refused with 412 unless one listed tag equals the current one or the header is "*".
 * Without If-Match a write is unconditional.
 */
public final class ETags {
    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    public static void checkIfMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null) {
            return;
        }
        String current = of(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            // weak tags never match under the strong comparison If-Match requires
            if (t.equals("*") || t.equals(current)) {
                return;
            }
        }
        throw new ApiException(ProblemType.PRECONDITION_FAILED,
                "If-Match " + ifMatch + " does not match the current ETag " + current);
    }
}
