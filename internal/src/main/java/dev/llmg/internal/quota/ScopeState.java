package dev.llmg.internal.quota;

/**
 * What this instance keeps for one scope: its latest limits (a reload may change them) and its request lease,
 * slots and meters. Made on the scope's first call and kept; scopes are as many as the configuration names.
 */
final class ScopeState {

    final String id;
    final RequestLease requests;
    final SlotLease slots;
    final ChargeMeter tokens;
    final ChargeMeter spendPerDay;
    final ChargeMeter spendPerMonth;
    volatile QuotaLimits limits;

    ScopeState(String id, QuotaLimits limits, StoreLink link) {
        this.id = id;
        this.limits = limits;
        requests = new RequestLease(id, link);
        slots = new SlotLease(id, link);
        tokens = new ChargeMeter(id, CounterKey.TOKENS, QuotaWindow.MINUTE, link);
        spendPerDay = new ChargeMeter(id, CounterKey.SPEND_DAY, QuotaWindow.DAY, link);
        spendPerMonth = new ChargeMeter(id, CounterKey.SPEND_MONTH, QuotaWindow.MONTH, link);
    }
}
