package net.vpnaas.model;

import java.util.Map;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * A tenant as a client writes it. {@code kind} is {@code msp} for a managed-service provider
 * (may own child tenants) or {@code customer} (the default).
 */
public record TenantSpec(String name, Map<String, String> labels, String kind) {
    public static final String MSP = "msp";
    public static final String CUSTOMER = "customer";

    public TenantSpec withDefaults() {
        return new TenantSpec(name, labels == null ? Map.of() : labels, kind == null ? CUSTOMER : kind);
    }

    public java.util.List<Violation> validate() {
        Violations v = new Violations();
        v.name("name", name);
        v.labels("labels", labels);
        if (kind != null && !kind.equals(MSP) && !kind.equals(CUSTOMER)) {
            v.add("kind", "must be 'msp' or 'customer'");
        }
        return v.toList();
    }
}
