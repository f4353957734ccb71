package dev.llmg.internal.tracking;

import java.io.Flushable;
import java.util.Set;

import javax.inject.Provider;
import javax.inject.Singleton;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.config.ConfigSection;

/**
 * Records every call when {@code tracking.enabled} (the default): an observer per call, the writer that
 * flushes on a graceful stop, and the retention purger. With tracking off, none of them is made and the
 * database is never opened.
 */
@Module
public interface TrackingModule {

    /** Reads the {@code tracking} section once. */
    @Provides
    @Singleton
    static TrackingSettings trackingSettings(ConfigSection root) {
        return TrackingSettings.from(root);
    }

    /** Observes every call for its record. */
    @Provides
    @ElementsIntoSet
    static Set<CallObserver.Factory> observer(TrackingSettings settings, Provider<InferenceWriter> writer,
                                              Provider<RetentionPurger> purger) {
        if (!settings.enabled()) {
            return Set.of();
        }
        final InferenceWriter started = writer.get();
        purger.get();
        return Set.of(call -> new InferenceObserver(call, started));
    }

    /** Writes what is queued when llmg stops gracefully. */
    @Provides
    @ElementsIntoSet
    static Set<Flushable> writerFlush(TrackingSettings settings, Provider<InferenceWriter> writer) {
        return settings.enabled() ? Set.of(writer.get()) : Set.of();
    }

    /** Stops the retention purger when llmg stops. */
    @Provides
    @ElementsIntoSet
    static Set<AutoCloseable> purgerStop(TrackingSettings settings, Provider<RetentionPurger> purger) {
        return settings.enabled() ? Set.of(purger.get()) : Set.of();
    }
}
