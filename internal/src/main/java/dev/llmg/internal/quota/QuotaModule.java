package dev.llmg.internal.quota;

import java.io.Flushable;

import javax.inject.Provider;
import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.storage.Database;

/**
 * Provides the process's one {@link Quotas}, on the storage database when {@code auth.quotas.store} says
 * {@code database} (the database is then opened on first use, not at start-up) and in memory otherwise. Its
 * leases go back to the store at a graceful stop (a flush, before the database closes) and its thread stops
 * at shutdown.
 */
@Module
public interface QuotaModule {

    /** Reads the {@code auth.quotas} section once. */
    @Provides
    @Singleton
    static QuotaSettings quotaSettings(ConfigSection root) {
        return root.section("auth")
                   .flatMap(auth -> auth.section("quotas"))
                   .map(QuotaSettings::from)
                   .orElseGet(QuotaSettings::defaults);
    }

    /** Makes the quotas on the configured store. */
    @Provides
    @Singleton
    static Quotas quotas(QuotaSettings settings, Provider<Database> database) {
        final QuotaStore store = settings.store() == QuotaSettings.Store.DATABASE
                                 ? new DatabaseQuotaStore(database.get()) : new LocalQuotaStore();
        return new Quotas(store, settings);
    }

    /** Gives the leases back at a graceful stop, while the database is still open. */
    @Binds
    @IntoSet
    Flushable flushQuotas(Quotas quotas);

    /** Stops the quota thread at shutdown. */
    @Binds
    @IntoSet
    AutoCloseable closeQuotas(Quotas quotas);
}
