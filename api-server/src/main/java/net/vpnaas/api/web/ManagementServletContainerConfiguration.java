package net.vpnaas.api.web;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Import;

/**
 * The management port (health, metrics) runs in a child context of its own, which sees none of the
 * main context's filters and customizers: it gets the same security headers and error reports.
 */
@ManagementContextConfiguration(ManagementContextType.CHILD)
@Import(ServletContainerConfiguration.class)
public class ManagementServletContainerConfiguration {}
