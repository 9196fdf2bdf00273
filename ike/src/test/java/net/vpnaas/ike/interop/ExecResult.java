package net.vpnaas.ike.interop;

import java.util.List;

/** Outcome of one external command run by {@link Exec}. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public ExecResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result, or throws with the command and both outputs when it failed. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException("command failed (exit " + exitCode + "): " + String.join(" ", command)
                    + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip());
        }
        return this;
    }
}
