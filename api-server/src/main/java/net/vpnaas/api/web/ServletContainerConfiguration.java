package net.vpnaas.api.web;

import jakarta.servlet.Filter;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What the API port's servlet container answers on its own: the security headers on every response
 * (the outermost filter) and problem+json for the errors Tomcat raises before any filter runs.
 * {@link ManagementServletContainerConfiguration} applies the same to the management port.
 */
@Configuration(proxyBeanMethods = false)
public class ServletContainerConfiguration {

    @Bean
    FilterRegistrationBean<Filter> securityHeaders() {
        var registration = new FilterRegistrationBean<Filter>(new SecurityHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context ->
                ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
    }
}
