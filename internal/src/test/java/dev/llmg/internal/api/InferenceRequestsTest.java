package dev.llmg.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.llmg.api.gateway.v1.GetInferenceRequest;
import dev.llmg.api.gateway.v1.GetUsageRequest;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.gateway.v1.UsageBucket;
import dev.llmg.api.gateway.v1.UsageGroupBy;
import dev.llmg.api.json.v1.PageRequest;
import dev.llmg.internal.tracking.InferenceCursor;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

class InferenceRequestsTest {

    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    @Test
    void anEmptyListingAsksForTheNewestFiftyOfEverything() {
        final InferenceRequests.Listing listing =
                InferenceRequests.listing(ListInferencesRequest.getDefaultInstance(), null);

        assertThat(listing.pageSize()).isEqualTo(50);
        assertThat(listing.after()).isEmpty();
        assertThat(listing.filter()).isEqualTo(new dev.llmg.internal.tracking.InferenceFilter(
                null, null, null, null, null, null, null));
    }

    @Test
    void aListingCarriesItsFiltersTenantAndCursor() {
        final InferenceCursor cursor = new InferenceCursor(Instant.parse("2026-12-01T00:00:05Z"), "req-7");
        final InferenceRequests.Listing listing = InferenceRequests.listing(
                ListInferencesRequest.newBuilder().setStartTime(at("2026-12-01T00:00:00Z"))
                                     .setEndTime(at("2026-12-02T00:00:00Z")).setModel("chat").setProvider("openai")
                                     .setStatus("unavailable").setCaller("team-a").setStructuredStatus("Repaired")
                                     .setPage(PageRequest.newBuilder().setPageSize(20).setPageToken(cursor.token()))
                                     .build(), "tenant-x");

        assertThat(listing.pageSize()).isEqualTo(20);
        assertThat(listing.after()).contains(cursor);
        assertThat(listing.filter().from()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(listing.filter().to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(listing.filter().model()).isEqualTo("chat");
        assertThat(listing.filter().provider()).isEqualTo("openai");
        assertThat(listing.filter().status()).as("status names are read in any case").isEqualTo("UNAVAILABLE");
        assertThat(listing.filter().caller()).isEqualTo("team-a");
        assertThat(listing.filter().tenant()).isEqualTo("tenant-x");
        assertThat(listing.filter().structuredStatus()).as("in any case").isEqualTo("repaired");
    }

    @Test
    void pageSizesAreCappedAndNegativeOnesRefused() {
        assertThat(InferenceRequests.listing(page(PageRequest.newBuilder().setPageSize(5000)), null).pageSize())
                .isEqualTo(1000);
        assertInvalid(() -> InferenceRequests.listing(page(PageRequest.newBuilder().setPageSize(-1)), null),
                      "page.page_size", "must not be negative");
    }

    @Test
    void aTokenThisServerDidNotMakeIsRefused() {
        for (String token : new String[] {"not a token", "bm9wZQ", "%%%", "MTIzLjQ1Ng"}) {
            assertInvalid(() -> InferenceRequests.listing(page(PageRequest.newBuilder().setPageToken(token)), null),
                          "page.page_token", "not a token this server returned");
        }
    }

    @Test
    void anInvertedRangeIsRefused() {
        assertInvalid(() -> InferenceRequests.listing(
                ListInferencesRequest.newBuilder().setStartTime(at("2026-12-02T00:00:00Z"))
                                     .setEndTime(at("2026-12-01T00:00:00Z")).build(), null),
                      "end_time", "is before start_time");
        assertInvalid(() -> InferenceRequests.usage(
                GetUsageRequest.newBuilder().setStartTime(at("2026-12-02T00:00:00Z"))
                               .setEndTime(at("2026-12-01T00:00:00Z")).build(), null, NOW),
                      "end_time", "is before start_time");
    }

    @Test
    void anInvalidTimestampOrStatusIsRefused() {
        assertInvalid(() -> InferenceRequests.listing(ListInferencesRequest.newBuilder().setStartTime(
                Timestamp.newBuilder().setSeconds(1).setNanos(-5)).build(), null), "start_time", "not a valid");
        assertInvalid(() -> InferenceRequests.listing(ListInferencesRequest.newBuilder().setStatus("broken").build(),
                                                      null), "status", "gRPC status code name");
        assertInvalid(() -> InferenceRequests.listing(
                ListInferencesRequest.newBuilder().setStructuredStatus("STRUCTURED_OUTPUT_STATUS_VALID").build(), null),
                      "structured_status", "must be valid, repaired or invalid");
    }

    @Test
    void usageWithoutARangeCoversTheLastDay() {
        final var query = InferenceRequests.usage(GetUsageRequest.getDefaultInstance(), null, NOW);

        assertThat(query.filter().to()).isEqualTo(NOW);
        assertThat(query.filter().from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(query.groupBy()).isEqualTo(dev.llmg.internal.tracking.UsageQuery.GroupBy.NONE);
        assertThat(query.bucket()).isEqualTo(dev.llmg.internal.tracking.UsageQuery.Bucket.NONE);

        final var untilThen = InferenceRequests.usage(
                GetUsageRequest.newBuilder().setEndTime(at("2026-12-01T00:00:00Z")).build(), null, NOW);
        assertThat(untilThen.filter().from()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        final var sinceThen = InferenceRequests.usage(
                GetUsageRequest.newBuilder().setStartTime(at("2026-12-01T00:00:00Z")).build(), null, NOW);
        assertThat(sinceThen.filter().to()).isEqualTo(NOW);
    }

    @Test
    void usageOverMoreThanAYearIsRefused() {
        assertInvalid(() -> InferenceRequests.usage(
                GetUsageRequest.newBuilder().setStartTime(at("2025-12-01T00:00:00Z")).build(), null, NOW),
                      "start_time", "at most 366 days");
        assertThat(InferenceRequests.usage(GetUsageRequest.newBuilder().setStartTime(at("2025-12-10T12:00:00Z"))
                                                          .build(), null, NOW).filter().from())
                .as("exactly 366 days is allowed").isEqualTo(Instant.parse("2025-12-10T12:00:00Z"));
    }

    @Test
    void usageByMinuteSpansAtMostAWeek() {
        final var week = InferenceRequests.usage(
                GetUsageRequest.newBuilder().setStartTime(at("2026-11-25T00:00:00Z"))
                               .setEndTime(at("2026-12-02T00:00:00Z"))
                               .setBucket(UsageBucket.USAGE_BUCKET_MINUTE).build(), null, NOW);
        assertThat(week.bucket()).isEqualTo(dev.llmg.internal.tracking.UsageQuery.Bucket.MINUTE);
        assertThat(week.filter().from()).as("exactly 7 days is allowed")
                                        .isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertInvalid(() -> InferenceRequests.usage(
                GetUsageRequest.newBuilder().setStartTime(at("2026-11-25T00:00:00Z"))
                               .setEndTime(at("2026-12-02T00:00:01Z"))
                               .setBucket(UsageBucket.USAGE_BUCKET_MINUTE).build(), null, NOW),
                      "start_time", "USAGE_BUCKET_MINUTE spans at most 7 days");
        assertThat(InferenceRequests.usage(
                GetUsageRequest.newBuilder().setStartTime(at("2026-11-01T00:00:00Z"))
                               .setEndTime(at("2026-12-02T00:00:00Z"))
                               .setBucket(UsageBucket.USAGE_BUCKET_HOUR).build(), null, NOW).bucket())
                .as("hours may span longer").isEqualTo(dev.llmg.internal.tracking.UsageQuery.Bucket.HOUR);
    }

    @Test
    void usageGroupsAndBucketsAsAsked() {
        final var query = InferenceRequests.usage(
                GetUsageRequest.newBuilder().setGroupBy(UsageGroupBy.USAGE_GROUP_BY_CALLER)
                               .setBucket(UsageBucket.USAGE_BUCKET_HOUR).setModel("chat").setStatus("ok").build(),
                "tenant-x", NOW);

        assertThat(query.groupBy()).isEqualTo(dev.llmg.internal.tracking.UsageQuery.GroupBy.CALLER);
        assertThat(query.bucket()).isEqualTo(dev.llmg.internal.tracking.UsageQuery.Bucket.HOUR);
        assertThat(query.filter().model()).isEqualTo("chat");
        assertThat(query.filter().status()).isEqualTo("OK");
        assertThat(query.filter().tenant()).isEqualTo("tenant-x");
        assertInvalid(() -> InferenceRequests.usage(GetUsageRequest.newBuilder().setGroupByValue(42).build(), null,
                                                    NOW), "group_by", "is not one of");
        assertInvalid(() -> InferenceRequests.usage(GetUsageRequest.newBuilder().setBucketValue(42).build(), null,
                                                    NOW), "bucket", "is not one of");
    }

    @Test
    void aGetNeedsAnId() {
        assertThat(InferenceRequests.id(GetInferenceRequest.newBuilder().setId("req-1").build())).isEqualTo("req-1");
        assertInvalid(() -> InferenceRequests.id(GetInferenceRequest.getDefaultInstance()), "id", "required");
    }

    private static ListInferencesRequest page(PageRequest.Builder page) {
        return ListInferencesRequest.newBuilder().setPage(page).build();
    }

    private static Timestamp at(String instant) {
        return InferenceMessages.timestamp(Instant.parse(instant));
    }

    private static void assertInvalid(Runnable call, String field, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
