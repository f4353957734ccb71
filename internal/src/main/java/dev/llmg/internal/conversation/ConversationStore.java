package dev.llmg.internal.conversation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.internal.storage.Database;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Keeps conversations and their messages in {@code conversations} and {@code conversation_messages}
 * ({@code V8__conversations.sql}) with JDBI, in SQL H2 and PostgreSQL run unchanged.
 *
 * <p>A turn is appended in one transaction that first locks the conversation's row ({@code SELECT ... FOR UPDATE})
 * and takes the next turn number from it: appends from every replica on the database are ordered by that lock,
 * each turn's messages are stored whole or not at all, and none overwrites another. Every method blocks on the
 * database; {@link ConversationStep} and {@link ConversationGrpcService} call it off the event loop.
 */
@Singleton
public final class ConversationStore {

    /** A page of conversations and the cursor of the next, if any. */
    record Page(List<StoredConversation> conversations, Optional<ConversationCursor.After> next) {}

    /** A page of messages and the cursor of the next, if any. */
    record MessagePage(List<ConversationMessage> messages, Optional<ConversationCursor.AfterMessage> next) {}

    private final Database database;

    /** Creates the store on {@code database}, whose schema is migrated on first use. */
    @Inject
    public ConversationStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    /** Stores a new conversation (its id, times and turn count as given). */
    public void create(StoredConversation stored) {
        final Conversation c = stored.conversation();
        final Instant created = ConversationRows.instant(c.getCreateTime());
        database.withHandle(handle -> handle.createUpdate(
                        "INSERT INTO conversations (" + ConversationRows.CONVERSATION_COLUMNS + ") "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")
                                            .bind(0, c.getId())
                                            .bind(1, stored.owner())
                                            .bind(2, stored.tenant())
                                            .bind(3, c.getTitle())
                                            .bind(4, c.getSystemPrompt())
                                            .bind(5, c.getModel())
                                            .bind(6, c.getEndUserId())
                                            .bind(7, ConversationRows.json(c.getMetadataMap()))
                                            .bind(8, c.getLimits().getMaxPairs())
                                            .bind(9, c.getLimits().getMaxContextTokens())
                                            .bind(10, ConversationRows.at(created))
                                            .bind(11, ConversationRows.at(created))
                                            .execute());
    }

    /** Returns the conversation with {@code id}, whoever owns it. */
    public Optional<StoredConversation> find(String id) {
        return database.withHandle(handle -> find(handle, id));
    }

    /**
     * Returns a page of conversations, newest first: of {@code owner} in {@code tenant} (null owner: everyone's),
     * of {@code endUser} when not empty.
     */
    public Page list(String owner, String tenant, String endUser, Optional<ConversationCursor.After> after,
                     int pageSize) {
        final StringBuilder sql = new StringBuilder("SELECT " + ConversationRows.CONVERSATION_COLUMNS
                                                    + " FROM conversations WHERE 1 = 1");
        final List<Object> values = new ArrayList<>();
        if (owner != null) {
            sql.append(" AND owner = ?");
            values.add(owner);
            sql.append(tenant == null ? " AND tenant IS NULL" : " AND tenant = ?");
            if (tenant != null) {
                values.add(tenant);
            }
        }
        if (!endUser.isEmpty()) {
            sql.append(" AND end_user_id = ?");
            values.add(endUser);
        }
        after.ifPresent(cursor -> {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            values.add(ConversationRows.at(cursor.createdAt()));
            values.add(ConversationRows.at(cursor.createdAt()));
            values.add(cursor.id());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        values.add(pageSize + 1);
        final List<StoredConversation> rows = database.withHandle(handle -> {
            final Query query = handle.createQuery(sql.toString());
            for (int i = 0; i < values.size(); i++) {
                query.bind(i, values.get(i));
            }
            return query.map((rs, ctx) -> ConversationRows.conversation(rs)).list();
        });
        if (rows.size() <= pageSize) {
            return new Page(rows, Optional.empty());
        }
        final List<StoredConversation> page = rows.subList(0, pageSize);
        final Conversation last = page.get(pageSize - 1).conversation();
        return new Page(page, Optional.of(new ConversationCursor.After(
                ConversationRows.instant(last.getCreateTime()), last.getId())));
    }

    /** Writes the changeable fields of {@code changed} (title to limits); returns false when it is gone. */
    public boolean update(Conversation changed, Instant now) {
        return database.withHandle(handle -> handle.createUpdate(
                        "UPDATE conversations SET title = ?, system_prompt = ?, model = ?, end_user_id = ?, "
                        + "metadata = ?, max_pairs = ?, max_context_tokens = ?, updated_at = ? WHERE id = ?")
                                                   .bind(0, changed.getTitle())
                                                   .bind(1, changed.getSystemPrompt())
                                                   .bind(2, changed.getModel())
                                                   .bind(3, changed.getEndUserId())
                                                   .bind(4, ConversationRows.json(changed.getMetadataMap()))
                                                   .bind(5, changed.getLimits().getMaxPairs())
                                                   .bind(6, changed.getLimits().getMaxContextTokens())
                                                   .bind(7, ConversationRows.at(now))
                                                   .bind(8, changed.getId())
                                                   .execute()) > 0;
    }

    /** Deletes the conversation and its messages; returns false when it was already gone. */
    public boolean delete(String id) {
        return database.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM conversation_messages WHERE conversation_id = ?").bind(0, id).execute();
            return handle.createUpdate("DELETE FROM conversations WHERE id = ?").bind(0, id).execute() > 0;
        });
    }

    /** Returns the conversation and its current messages (no superseded answer) in one read, oldest first. */
    public Optional<History> history(String id) {
        return database.inTransaction(handle -> find(handle, id).map(stored -> new History(
                stored, handle.createQuery("SELECT " + ConversationRows.MESSAGE_COLUMNS
                                           + " FROM conversation_messages WHERE conversation_id = ? "
                                           + "AND superseded = FALSE ORDER BY turn, position, version")
                              .bind(0, id)
                              .map((rs, ctx) -> ConversationRows.message(rs))
                              .list())));
    }

    /** A conversation with its current messages. */
    public record History(StoredConversation conversation, List<ConversationMessage> messages) {}

    /** Returns a page of the conversation's messages, oldest first. */
    public MessagePage messages(String id, boolean includeSuperseded,
                                Optional<ConversationCursor.AfterMessage> after, int pageSize) {
        final StringBuilder sql = new StringBuilder("SELECT " + ConversationRows.MESSAGE_COLUMNS
                                                    + " FROM conversation_messages WHERE conversation_id = ?");
        if (!includeSuperseded) {
            sql.append(" AND superseded = FALSE");
        }
        if (after.isPresent()) {
            sql.append(" AND (turn > ? OR (turn = ? AND (position > ? OR (position = ? AND version > ?))))");
        }
        sql.append(" ORDER BY turn, position, version LIMIT ?");
        final List<ConversationMessage> rows = database.withHandle(handle -> {
            final Query query = handle.createQuery(sql.toString());
            int at = 0;
            query.bind(at++, id);
            if (after.isPresent()) {
                final ConversationCursor.AfterMessage cursor = after.get();
                query.bind(at++, cursor.turn()).bind(at++, cursor.turn()).bind(at++, cursor.position())
                     .bind(at++, cursor.position()).bind(at++, cursor.version());
            }
            query.bind(at, pageSize + 1);
            return query.map((rs, ctx) -> ConversationRows.message(rs)).list();
        });
        if (rows.size() <= pageSize) {
            return new MessagePage(rows, Optional.empty());
        }
        final List<ConversationMessage> page = rows.subList(0, pageSize);
        final ConversationMessage last = page.get(pageSize - 1);
        return new MessagePage(page, Optional.of(new ConversationCursor.AfterMessage(
                last.getTurn(), last.getPosition(), last.getVersion())));
    }

    /**
     * Appends a turn, its own messages (version 0) then its answer (version 1), in one transaction that takes the
     * next turn number under the conversation's row lock; returns that number. A conversation deleted meanwhile is
     * NOT_FOUND and nothing is stored.
     */
    public int append(String id, List<Message> turnMessages, Message answer, String inferenceId, Instant now) {
        return database.inTransaction(handle -> {
            final int turn = lock(handle, id) + 1;
            final PreparedBatch batch = handle.prepareBatch(
                    "INSERT INTO conversation_messages (conversation_id, " + ConversationRows.MESSAGE_COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, FALSE, ?, ?, ?)");
            int position = 0;
            for (Message message : turnMessages) {
                addRow(batch, id, turn, 0, position++, message, inferenceId, now);
            }
            addRow(batch, id, turn, 1, position, answer, inferenceId, now);
            batch.execute();
            touch(handle, id, turn, now);
            return turn;
        });
    }

    /**
     * Replaces the answer of {@code turn}, which must still be the conversation's last: the current answer is
     * marked superseded and {@code answer} stored as the next version, in one transaction under the row lock. A
     * turn no longer last (another turn was appended meanwhile) is FAILED_PRECONDITION and nothing changes.
     */
    public void replaceAnswer(String id, int turn, Message answer, String inferenceId, Instant now) {
        database.inTransaction(handle -> {
            if (lock(handle, id) != turn) {
                throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "conversation_moved_on", "id",
                        "another turn was added to conversation '" + id + "' while its last answer was being "
                        + "regenerated; regenerate again", null);
            }
            final List<ConversationMessage> answers = handle.createQuery(
                    "SELECT " + ConversationRows.MESSAGE_COLUMNS + " FROM conversation_messages "
                    + "WHERE conversation_id = ? AND turn = ? AND version > 0 ORDER BY version DESC")
                                                             .bind(0, id).bind(1, turn)
                                                             .map((rs, ctx) -> ConversationRows.message(rs))
                                                             .list();
            final int position = answers.isEmpty() ? 0 : answers.get(0).getPosition();
            final int version = answers.isEmpty() ? 1 : answers.get(0).getVersion() + 1;
            handle.createUpdate("UPDATE conversation_messages SET superseded = TRUE "
                                + "WHERE conversation_id = ? AND turn = ? AND version > 0")
                  .bind(0, id).bind(1, turn).execute();
            final PreparedBatch batch = handle.prepareBatch(
                    "INSERT INTO conversation_messages (conversation_id, " + ConversationRows.MESSAGE_COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, FALSE, ?, ?, ?)");
            addRow(batch, id, turn, version, position, answer, inferenceId, now);
            batch.execute();
            touch(handle, id, turn, now);
            return null;
        });
    }

    /** Locks the conversation's row for the transaction and returns its turn count; NOT_FOUND when it is gone. */
    private static int lock(Handle handle, String id) {
        return handle.createQuery("SELECT turn_count FROM conversations WHERE id = ? FOR UPDATE")
                     .bind(0, id)
                     .mapTo(Integer.class)
                     .findOne()
                     .orElseThrow(() -> ConversationErrors.notFound(id));
    }

    private static void touch(Handle handle, String id, int turn, Instant now) {
        handle.createUpdate("UPDATE conversations SET turn_count = ?, updated_at = ? WHERE id = ?")
              .bind(0, turn).bind(1, ConversationRows.at(now)).bind(2, id).execute();
    }

    private static void addRow(PreparedBatch batch, String id, int turn, int version, int position, Message message,
                               String inferenceId, Instant now) {
        batch.bind(0, id).bind(1, turn).bind(2, version).bind(3, position).bind(4, ConversationRows.json(message))
             .bind(5, inferenceId).bind(6, ConversationRows.at(now)).add();
    }

    private static Optional<StoredConversation> find(Handle handle, String id) {
        return handle.createQuery("SELECT " + ConversationRows.CONVERSATION_COLUMNS + " FROM conversations "
                                  + "WHERE id = ?")
                     .bind(0, id)
                     .map((rs, ctx) -> ConversationRows.conversation(rs))
                     .findOne();
    }
}
