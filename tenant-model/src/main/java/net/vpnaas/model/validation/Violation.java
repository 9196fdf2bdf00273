package net.vpnaas.model.validation;

/**
 * One reason a specification is not acceptable: the field as a JSON path relative to the
 * request body (e.g. {@code localTrafficSelectors[1]}, {@code dpd.timeoutSeconds}) and a sentence
 * a human can act on. Never contains a secret value.
 */
public record Violation(String field, String detail) {}
