package net.vpnaas.agent.localctl;

/** The agent's answer to one {@link CtlRequest}. */
public sealed interface CtlResponse {

    /** The command did what it says. */
    record Done(String message) implements CtlResponse {}

    /** The answer to {@link CtlRequest.ListSas}. */
    record Sas(SaListing listing) implements CtlResponse {}

    /** The command was refused or failed; nothing, or only what {@code error} says, changed. */
    record Failed(String error) implements CtlResponse {}
}
