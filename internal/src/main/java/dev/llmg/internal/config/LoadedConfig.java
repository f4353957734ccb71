package dev.llmg.internal.config;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import javax.inject.Qualifier;

/**
 * Marks the configuration as read from its source, before any {@link ConfigOverlay}: what storage is read from,
 * since the overlays themselves may be kept in the database. Everything else takes the plain {@link ConfigSection},
 * which has the overlays applied.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface LoadedConfig {}
