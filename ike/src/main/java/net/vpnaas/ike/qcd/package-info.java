/**
 * Quick crash detection (RFC 6290): the token secrets a gateway or cluster makes its tokens from, the
 * engine's settings and counters. The tokens travel in {@code message.QcdTokenNotify} and
 * {@code message.InvalidIkeSpiAnswer}; {@code task.QuickCrashDetectionTask} exchanges them in IKE_AUTH.
 */
package net.vpnaas.ike.qcd;
