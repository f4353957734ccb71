package dev.llmg.internal.admin;

import static java.util.Objects.requireNonNull;

import java.util.List;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ListAuditEventsRequest;
import dev.llmg.api.gateway.v1.ListAuditEventsResponse;
import dev.llmg.api.json.v1.PageInfo;

/** AdminService's audit listing: admin changes, newest first, a page at a time (the token is the last id). */
final class AuditListing {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final GroupingStore store;

    @Inject
    AuditListing(GroupingStore store) {
        this.store = requireNonNull(store, "store");
    }

    /** Lists a page of audit events. */
    ListAuditEventsResponse list(ListAuditEventsRequest request) {
        final int asked = request.getPage().getPageSize();
        if (asked < 0) {
            throw AdminMessages.invalid("page.page_size", "must not be negative");
        }
        final int size = asked == 0 ? DEFAULT_PAGE : Math.min(asked, MAX_PAGE);
        final long before = before(request.getPage().getPageToken());
        final List<GroupingStore.AuditRow> rows = store.audit(before, size + 1);
        final ListAuditEventsResponse.Builder response = ListAuditEventsResponse.newBuilder();
        rows.stream().limit(size).forEach(row -> response.addEvents(AdminMessages.event(row)));
        final PageInfo.Builder page = PageInfo.newBuilder();
        if (rows.size() > size) {
            page.setNextPageToken(Long.toString(rows.get(size - 1).id()));
        }
        return response.setPage(page).build();
    }

    private static long before(String token) {
        if (token.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw AdminMessages.invalid("page.page_token", "is not a token this API gave");
        }
    }
}
