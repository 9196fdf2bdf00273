package net.vpnaas.api.policy;

import net.vpnaas.api.auth.Access;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ResourceController;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.Role;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(changes = Role.OPERATOR)
@RequestMapping(CryptoPolicyController.PATH)
class CryptoPolicyController extends ResourceController<CryptoPolicySpec, CryptoPolicyView> {
    static final String PATH = "/v1/crypto-policies";

    CryptoPolicyController(CryptoPolicyService service, Idempotency idempotency) {
        super(PATH, ResourceType.CRYPTO_POLICY, service, idempotency);
    }
}
