package dev.llmg.internal.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;

/** Retention on a real database: everything older than the retention goes, in batches; nothing newer does. */
class RetentionPurgerTest {

    private final Database database = new Database(new StorageSettings(
            "jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2, Duration.ofSeconds(5)));
    private final JdbiInferenceStore store = new JdbiInferenceStore(database);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void purgesWhatIsOlderThanTheRetentionInBatches() {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        final List<InferenceRecord> records = new ArrayList<>();
        final int old = RetentionPurger.BATCH * 2 + 17;
        for (int i = 0; i < old; i++) {
            records.add(TestInferences.bare("old-" + i, now.minus(Duration.ofDays(31)).plusSeconds(i)));
        }
        for (int i = 0; i < 25; i++) {
            records.add(TestInferences.bare("new-" + i, now.minus(Duration.ofDays(29)).plusSeconds(i)));
        }
        store.insert(records);

        final RetentionPurger purger = new RetentionPurger(store, TrackingSettings.from(
                new ConfigLoader(Map.of()).parse("tracking: {retention: 30d}\n")));
        try {
            assertThat(purger.purge(now)).isEqualTo(old);
        } finally {
            purger.close();
        }
        assertThat(store.find("old-0", null)).isEmpty();
        assertThat(store.find("new-0", null)).isPresent();
        assertThat(store.list(InferenceFilter.ALL, Optional.empty(), 1000).records()).hasSize(25);
    }
}
