package dev.llmg.internal.storage;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.LoadedConfig;
import dev.llmg.internal.tracking.InferenceStore;
import dev.llmg.internal.tracking.JdbiInferenceStore;

/**
 * Provides the database and the stores kept in it. The database is closed at shutdown, after the records
 * have flushed (see {@code server.ShutdownSequence}).
 */
@Module
public interface StorageModule {

    /** Reads the {@code storage} section once, as loaded: the overlays kept in the database need it first. */
    @Provides
    @Singleton
    static StorageSettings storageSettings(@LoadedConfig ConfigSection root) {
        return StorageSettings.from(root);
    }

    /** Prepares the one database of the process; it connects and migrates on first use. */
    @Provides
    @Singleton
    static Database database(StorageSettings settings) {
        return new Database(settings);
    }

    /** Closes the database at shutdown. */
    @Binds
    @IntoSet
    AutoCloseable closeDatabase(Database database);

    /** Keeps inference records in the database (bound here, beside the database, and nowhere else). */
    @Binds
    InferenceStore inferenceStore(JdbiInferenceStore store);
}
