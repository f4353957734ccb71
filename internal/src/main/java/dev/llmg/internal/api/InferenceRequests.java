package dev.llmg.internal.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

import dev.llmg.api.gateway.v1.GetInferenceRequest;
import dev.llmg.api.gateway.v1.GetUsageRequest;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.json.v1.PageRequest;
import dev.llmg.internal.tracking.InferenceCursor;
import dev.llmg.internal.tracking.InferenceFilter;
import dev.llmg.internal.tracking.UsageQuery;
import dev.llmg.spi.GatewayException;
import io.grpc.Status;

/**
 * Reads and checks the requests of {@code gatewayapi.v1.InferencesService} into tracking's queries, before any
 * database is asked: a bad page size, a page token this server did not make, an inverted or oversized time
 * range and an unknown status name are INVALID_ARGUMENT naming the field to fix.
 */
final class InferenceRequests {

    /** The page size of a listing that asks for none. */
    static final int DEFAULT_PAGE_SIZE = 50;
    /** The largest page served; larger asks are served this many. */
    static final int MAX_PAGE_SIZE = 1000;
    /** The range of a usage report that names none: recent enough to be cheap, long enough to be useful. */
    static final Duration DEFAULT_USAGE_RANGE = Duration.ofHours(24);
    /** The longest range of a usage report, which scans every call in it. */
    static final Duration MAX_USAGE_RANGE = Duration.ofDays(366);
    /** The longest range of a minute-bucketed report: a week is 10,080 rows per key, enough for any chart. */
    static final Duration MAX_MINUTE_USAGE_RANGE = Duration.ofDays(7);

    /** The words a structured answer's status is recorded in. */
    private static final Set<String> STRUCTURED_STATUSES = Set.of("valid", "repaired", "invalid");

    private InferenceRequests() {}

    /**
     * What a listing asks for.
     *
     * @param filter which calls
     * @param after where the page starts; empty for the newest
     * @param pageSize how many calls at most
     */
    record Listing(InferenceFilter filter, Optional<InferenceCursor> after, int pageSize) {}

    /** Reads a listing request for {@code tenant} (null: every tenant). */
    static Listing listing(ListInferencesRequest request, String tenant) {
        final Instant from = instant(request.hasStartTime(), request.getStartTime(), "start_time");
        final Instant to = instant(request.hasEndTime(), request.getEndTime(), "end_time");
        checkOrder(from, to);
        final InferenceFilter filter = new InferenceFilter(from, to, text(request.getModel()),
                                                           text(request.getProvider()), status(request.getStatus()),
                                                           text(request.getCaller()), tenant,
                                                           structuredStatus(request.getStructuredStatus()));
        return new Listing(filter, cursor(request.getPage()), pageSize(request.getPage()));
    }

    /**
     * Reads a usage request for {@code tenant} (null: every tenant); a missing end is {@code now}, a missing
     * start {@link #DEFAULT_USAGE_RANGE} before the end.
     */
    static UsageQuery usage(GetUsageRequest request, String tenant, Instant now) {
        final Instant given = instant(request.hasEndTime(), request.getEndTime(), "end_time");
        final Instant to = given == null ? now : given;
        final Instant asked = instant(request.hasStartTime(), request.getStartTime(), "start_time");
        final Instant from = asked == null ? to.minus(DEFAULT_USAGE_RANGE) : asked;
        checkOrder(from, to);
        if (Duration.between(from, to).compareTo(MAX_USAGE_RANGE) > 0) {
            throw GatewayException.invalidArgument("start_time", "a usage report spans at most "
                    + MAX_USAGE_RANGE.toDays() + " days; narrow start_time and end_time");
        }
        final UsageQuery.Bucket bucket = bucket(request);
        if (bucket == UsageQuery.Bucket.MINUTE && Duration.between(from, to).compareTo(MAX_MINUTE_USAGE_RANGE) > 0) {
            throw GatewayException.invalidArgument("start_time", "a usage report by USAGE_BUCKET_MINUTE spans at most "
                    + MAX_MINUTE_USAGE_RANGE.toDays() + " days; narrow start_time and end_time, or use "
                    + "USAGE_BUCKET_HOUR");
        }
        final InferenceFilter filter = new InferenceFilter(from, to, text(request.getModel()),
                                                           text(request.getProvider()), status(request.getStatus()),
                                                           text(request.getCaller()), tenant);
        return new UsageQuery(filter, groupBy(request), bucket);
    }

    /** Reads the id of a get request. */
    static String id(GetInferenceRequest request) {
        if (request.getId().isEmpty()) {
            throw GatewayException.invalidArgument("id", "id is required: the x-request-id of the call");
        }
        return request.getId();
    }

    private static int pageSize(PageRequest page) {
        final int size = page.getPageSize();
        if (size < 0) {
            throw GatewayException.invalidArgument("page.page_size", "page.page_size must not be negative");
        }
        return size == 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
    }

    private static Optional<InferenceCursor> cursor(PageRequest page) {
        if (page.getPageToken().isEmpty()) {
            return Optional.empty();
        }
        final Optional<InferenceCursor> cursor = InferenceCursor.parse(page.getPageToken());
        if (cursor.isEmpty()) {
            throw GatewayException.invalidArgument("page.page_token",
                    "page.page_token is not a token this server returned; omit it to start from the first page");
        }
        return cursor;
    }

    private static Instant instant(boolean present, Timestamp timestamp, String field) {
        if (!present) {
            return null;
        }
        if (!Timestamps.isValid(timestamp)) {
            throw GatewayException.invalidArgument(field, field + " is not a valid timestamp");
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static void checkOrder(Instant from, Instant to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw GatewayException.invalidArgument("end_time", "end_time " + to + " is before start_time " + from);
        }
    }

    private static String status(String name) {
        if (name.isEmpty()) {
            return null;
        }
        final String upper = name.toUpperCase(Locale.ROOT);
        try {
            Status.Code.valueOf(upper);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidArgument("status",
                    "status must be a gRPC status code name such as OK or UNAVAILABLE, not '" + name + "'");
        }
        return upper;
    }

    private static String structuredStatus(String name) {
        if (name.isEmpty()) {
            return null;
        }
        final String lower = name.toLowerCase(Locale.ROOT);
        if (!STRUCTURED_STATUSES.contains(lower)) {
            throw GatewayException.invalidArgument("structured_status",
                    "structured_status must be valid, repaired or invalid, not '" + name + "'");
        }
        return lower;
    }

    private static UsageQuery.GroupBy groupBy(GetUsageRequest request) {
        switch (request.getGroupBy()) {
            case USAGE_GROUP_BY_UNSPECIFIED:
            case USAGE_GROUP_BY_NONE: return UsageQuery.GroupBy.NONE;
            case USAGE_GROUP_BY_MODEL: return UsageQuery.GroupBy.MODEL;
            case USAGE_GROUP_BY_PROVIDER: return UsageQuery.GroupBy.PROVIDER;
            case USAGE_GROUP_BY_CALLER: return UsageQuery.GroupBy.CALLER;
            default: throw GatewayException.invalidArgument("group_by", "group_by "
                    + request.getGroupByValue() + " is not one of USAGE_GROUP_BY_NONE, _MODEL, _PROVIDER, _CALLER");
        }
    }

    private static UsageQuery.Bucket bucket(GetUsageRequest request) {
        switch (request.getBucket()) {
            case USAGE_BUCKET_UNSPECIFIED:
            case USAGE_BUCKET_NONE: return UsageQuery.Bucket.NONE;
            case USAGE_BUCKET_HOUR: return UsageQuery.Bucket.HOUR;
            case USAGE_BUCKET_DAY: return UsageQuery.Bucket.DAY;
            case USAGE_BUCKET_MINUTE: return UsageQuery.Bucket.MINUTE;
            default: throw GatewayException.invalidArgument("bucket", "bucket "
                    + request.getBucketValue() + " is not one of USAGE_BUCKET_NONE, _MINUTE, _HOUR, _DAY");
        }
    }

    private static String text(String value) {
        return value.isEmpty() ? null : value;
    }
}
