package net.vpnaas.api.db;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Puts every Hikari pool, ours on the embedded PostgreSQL or Boot's for an external database,
 * behind a {@link FairCheckoutDataSource}. Boot's pool metrics and health still find the pool:
 * they unwrap {@code DelegatingDataSource}s.
 */
@Component
class FairCheckoutPostProcessor implements BeanPostProcessor {
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof HikariDataSource pool ? new FairCheckoutDataSource(pool) : bean;
    }
}
