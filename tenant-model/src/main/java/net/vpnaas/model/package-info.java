/** The domain of a tenant's VPN as plain Java: records, sealed types, validation. */
package net.vpnaas.model;
