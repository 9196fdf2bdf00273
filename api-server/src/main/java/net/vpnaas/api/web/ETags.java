package net.vpnaas.api.web;

/**
 * Strong entity tags and the If-Match check (RFC 9110 section 13.1.1). A resource's tag is its row
 * version in quotes, followed, for a resource whose representation also shows state an agent reports
 * (a tunnel's status), by {@code -} and that state: the tag moves when either changes, so a poll with
 * If-None-Match gets a 304 only when the answer would be the same.
 * <p>
 * A write is refused with 412 unless one tag listed in If-Match carries the current row version (or
 * the header is "*"); the reported part is not compared, because a client cannot write it and a
 * status that moved since the read loses nobody's change. Without If-Match a write is unconditional.
 */
public final class ETags {
    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The tag of a representation that shows {@code reported} (a token: letters, digits, _) beside the row's fields. */
    public static String of(long version, String reported) {
        return "\"" + version + "-" + reported + "\"";
    }

    public static void checkIfMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null) {
            return;
        }
        String version = Long.toString(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            // weak tags never match under the strong comparison If-Match requires
            if (t.equals("*") || t.equals("\"" + version + "\"") || t.startsWith("\"" + version + "-") && t.endsWith("\"")) {
                return;
            }
        }
        throw new ApiException(ProblemType.PRECONDITION_FAILED,
                "If-Match " + ifMatch + " does not match the current ETag's version " + of(currentVersion));
    }
}
