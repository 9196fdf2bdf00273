/**
 * Gateway clusters (issue 14): the agents of one gateway as one active and its standbys.
 *
 * <ul>
 *   <li>{@link net.vpnaas.agent.cluster.SyncTls}: the sync channel, TLS 1.3 with mutual authentication by the
 *       agents' control-plane certificates; {@link net.vpnaas.agent.cluster.GatewayPeerTrust} admits only agents
 *       of the same gateway.</li>
 *   <li>{@link net.vpnaas.agent.cluster.SyncCodec}: its framed, versioned, length-checked messages
 *       ({@link net.vpnaas.agent.cluster.SyncMessage}).</li>
 *   <li>{@link net.vpnaas.agent.cluster.ClusterMember}: heartbeats, the fencing epoch, the election, the split-brain
 *       rule (a standby takes over only when the {@link net.vpnaas.agent.cluster.ActiveWitness} also sees the active
 *       gone), replication with acknowledgements before an exchange's datagrams leave (the engine's send hold,
 *       {@link net.vpnaas.ike.sync.SaStateListener}), snapshots for standbys that join or fell behind, and the
 *       takeover.</li>
 *   <li>{@link net.vpnaas.agent.cluster.Takeover}: what the agent does on a role change;
 *       {@link net.vpnaas.agent.cluster.EngineTakeover} orders it: the data path's ESP counters advance, the IKE SAs
 *       are imported, the floating address (if any) is taken over, then RFC 6311 where agreed with the counters'
 *       replay delta, and rekeys where a counter is exhausted.</li>
 * </ul>
 */
package net.vpnaas.agent.cluster;
