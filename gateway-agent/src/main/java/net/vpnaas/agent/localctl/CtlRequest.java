package net.vpnaas.agent.localctl;

/** One command to the running agent, as its control socket receives it. */
public sealed interface CtlRequest {

    /** The command's name on the wire and on the command line. */
    String command();

    /** Every tunnel with its IKE and Child SAs, algorithms, selectors, lifetimes and counters. */
    record ListSas() implements CtlRequest {
        public String command() { return "list-sas"; }
    }

    /** Sets up the tunnel's IKE SA and Child SA now (standalone only: in managed mode the control plane decides). */
    record Initiate(String tunnel) implements CtlRequest {
        public String command() { return "initiate"; }
    }

    /** Deletes the tunnel's SAs with IKE Deletes. */
    record Terminate(String tunnel) implements CtlRequest {
        public String command() { return "terminate"; }
    }

    /** Rekeys the tunnel's IKE SA or its Child SAs now. */
    record Rekey(String tunnel, Scope scope) implements CtlRequest {
        public String command() { return "rekey"; }

        public enum Scope {
            IKE("ike"), CHILD("child");

            private final String wire;

            Scope(String wire) {
                this.wire = wire;
            }

            public String wire() {
                return wire;
            }
        }
    }

    /** Re-reads the configuration file and applies it as a diff (standalone only). */
    record Reload() implements CtlRequest {
        public String command() { return "reload"; }
    }

    /** Shows the log level. */
    record ShowLogLevel() implements CtlRequest {
        public String command() { return "log-level"; }
    }

    /** Sets the log level (of the root logger). */
    record SetLogLevel(String level) implements CtlRequest {
        public String command() { return "log-level"; }
    }
}
