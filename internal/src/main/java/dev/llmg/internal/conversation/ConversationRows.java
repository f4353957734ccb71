package dev.llmg.internal.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import org.jdbi.v3.core.argument.Argument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationLimits;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.Message;

/**
 * Turns conversations and messages into rows and back: messages as the canonical proto JSON of
 * {@code gatewayapi.v1.Message} (readable in the database, and tolerant of fields added later), metadata as a JSON
 * object, times in UTC to the microsecond (PostgreSQL's precision).
 */
final class ConversationRows {

    static final String CONVERSATION_COLUMNS = "id, owner, tenant, title, system_prompt, model, end_user_id, "
                                               + "metadata, max_pairs, max_context_tokens, turn_count, "
                                               + "created_at, updated_at";
    static final String MESSAGE_COLUMNS =
            "turn, version, position, superseded, message, inference_id, created_at";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ConversationRows() {}

    static StoredConversation conversation(ResultSet rs) throws SQLException {
        final Conversation conversation = Conversation.newBuilder()
                .setId(rs.getString("id"))
                .setTitle(rs.getString("title"))
                .setSystemPrompt(rs.getString("system_prompt"))
                .setModel(rs.getString("model"))
                .setEndUserId(rs.getString("end_user_id"))
                .putAllMetadata(metadata(rs.getString("metadata")))
                .setLimits(ConversationLimits.newBuilder().setMaxPairs(rs.getInt("max_pairs"))
                                             .setMaxContextTokens(rs.getInt("max_context_tokens")))
                .setTurnCount(rs.getInt("turn_count"))
                .setCreateTime(timestamp(instant(rs, "created_at")))
                .setUpdateTime(timestamp(instant(rs, "updated_at")))
                .build();
        return new StoredConversation(conversation, rs.getString("owner"), rs.getString("tenant"));
    }

    static ConversationMessage message(ResultSet rs) throws SQLException {
        return ConversationMessage.newBuilder()
                                  .setTurn(rs.getInt("turn"))
                                  .setVersion(rs.getInt("version"))
                                  .setPosition(rs.getInt("position"))
                                  .setSuperseded(rs.getBoolean("superseded"))
                                  .setMessage(message(rs.getString("message")))
                                  .setInferenceId(rs.getString("inference_id"))
                                  .setCreateTime(timestamp(instant(rs, "created_at")))
                                  .build();
    }

    static String json(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a message that cannot be printed as JSON: " + e.getMessage(), e);
        }
    }

    static Message message(String json) {
        final Message.Builder message = Message.newBuilder();
        try {
            PARSER.merge(json, message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored message that is not a Message's JSON: " + e.getMessage(), e);
        }
        return message.build();
    }

    static String json(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, String> metadata(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata that is not a JSON object of strings", e);
        }
    }

    /** Returns a value for a TIMESTAMP WITH TIME ZONE column. */
    static Argument at(Instant instant) {
        final OffsetDateTime value = micros(instant).atOffset(ZoneOffset.UTC);
        return (position, statement, context) -> statement.setObject(position, value);
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
