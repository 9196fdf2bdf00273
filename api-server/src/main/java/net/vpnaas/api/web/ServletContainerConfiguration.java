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
 * (the outermost filter), ETags on the API's reads, and problem+json for the errors Tomcat raises before any filter runs.
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

    /** ETags from the body for the API's reads that have none of their own, and 304 on If-None-Match. */
    @Bean
    FilterRegistrationBean<Filter> contentETags() {
        var registration = new FilterRegistrationBean<Filter>(new ContentETags());
        registration.addUrlPatterns("/v1/*");
        // inside authentication and admission: only a caller's own, admitted reads are hashed
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context ->
                ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
    }
}
