/**
 * The agent's local control interface: a Unix domain socket on the gateway host (by default
 * {@code /run/vpnaas-agent/control.sock}, root only) and its command-line client, in the spirit of
 * strongSwan's swanctl: list SAs with their counters, initiate, terminate and rekey a tunnel, reload
 * the standalone file, show or set the log level. One JSON request line in, one JSON response line out
 * ({@link net.vpnaas.agent.localctl.CtlProtocol}).
 *
 * <p>Named "localctl", not "control": {@code net.vpnaas.agent.control} is the client of the remote
 * control plane (gRPC), and the two must not be confused: this one is reached only from the host
 * itself, by root, and in managed mode it never changes what the control plane configured.
 */
package net.vpnaas.agent.localctl;
