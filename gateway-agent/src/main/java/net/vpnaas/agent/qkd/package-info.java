/**
 * QKD keys for the IKE engine from a key management entity (KME) over ETSI GS QKD 014 v1.1.1 (REST,
 * mutual TLS): {@link net.vpnaas.agent.qkd.KmeClient} speaks the protocol with any conforming KME,
 * {@link net.vpnaas.agent.qkd.KmeKeySource} is one tunnel's {@link net.vpnaas.ike.qkd.QkdKeySource}
 * (the engine's interface: the engine knows nothing of HTTP), and {@link net.vpnaas.agent.qkd.KmeSettings}
 * is the agent's own configuration of its KME (address, client certificate and key, CA), which
 * never passes through the control plane's API. The stand-in KME pair for machines without QKD
 * hardware is a separate tool in {@code net.vpnaas.agent.qkd.standin}, never on the product's path.
 */
package net.vpnaas.agent.qkd;
