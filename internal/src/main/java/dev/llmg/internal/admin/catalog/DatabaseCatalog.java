package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;
import javax.inject.Singleton;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.CreateModelEntryRequest;
import dev.llmg.api.gateway.v1.CreateModelEntryResponse;
import dev.llmg.api.gateway.v1.CreateProviderRequest;
import dev.llmg.api.gateway.v1.CreateProviderResponse;
import dev.llmg.api.gateway.v1.DeleteModelEntryRequest;
import dev.llmg.api.gateway.v1.DeleteModelEntryResponse;
import dev.llmg.api.gateway.v1.DeleteProviderRequest;
import dev.llmg.api.gateway.v1.DeleteProviderResponse;
import dev.llmg.api.gateway.v1.ListModelEntriesRequest;
import dev.llmg.api.gateway.v1.ListModelEntriesResponse;
import dev.llmg.api.gateway.v1.ListProvidersRequest;
import dev.llmg.api.gateway.v1.ListProvidersResponse;
import dev.llmg.api.gateway.v1.ModelEntry;
import dev.llmg.api.gateway.v1.ProviderEntry;
import dev.llmg.api.gateway.v1.Source;
import dev.llmg.api.gateway.v1.TestModelEntryRequest;
import dev.llmg.api.gateway.v1.TestModelEntryResponse;
import dev.llmg.api.gateway.v1.TestProviderRequest;
import dev.llmg.api.gateway.v1.TestProviderResponse;
import dev.llmg.api.gateway.v1.UpdateModelEntryRequest;
import dev.llmg.api.gateway.v1.UpdateModelEntryResponse;
import dev.llmg.api.gateway.v1.UpdateProviderRequest;
import dev.llmg.api.gateway.v1.UpdateProviderResponse;
import dev.llmg.internal.admin.CatalogAdministration;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.routing.LiveRoutingTable;

/**
 * The admin API's providers and models, kept in the database and applied as config is (see {@link CatalogChanges});
 * this class only turns the API's messages into catalog entries and back.
 */
@Singleton
final class DatabaseCatalog implements CatalogAdministration {

    private final CatalogChanges changes;
    private final CatalogListing listing;
    private final CatalogProbe probe;
    private final LiveRoutingTable live;

    @Inject
    DatabaseCatalog(CatalogChanges changes, CatalogListing listing, CatalogProbe probe, LiveRoutingTable live) {
        this.changes = requireNonNull(changes, "changes");
        this.listing = requireNonNull(listing, "listing");
        this.probe = requireNonNull(probe, "probe");
        this.live = requireNonNull(live, "live");
    }

    @Override
    public ListProvidersResponse listProviders(ListProvidersRequest request) {
        return ListProvidersResponse.newBuilder().addAllProviders(listing.providers()).build();
    }

    @Override
    public CreateProviderResponse createProvider(CreateProviderRequest request, Caller admin) {
        final CatalogEntry entry = entryOf(request.getProvider());
        changes.create(CatalogKind.PROVIDER, entry, admin.id());
        return CreateProviderResponse.newBuilder().setProvider(storedProvider(entry)).build();
    }

    @Override
    public UpdateProviderResponse updateProvider(UpdateProviderRequest request, Caller admin) {
        final CatalogEntry entry = entryOf(request.getProvider());
        changes.update(CatalogKind.PROVIDER, entry, admin.id());
        return UpdateProviderResponse.newBuilder().setProvider(storedProvider(entry)).build();
    }

    @Override
    public DeleteProviderResponse deleteProvider(DeleteProviderRequest request, Caller admin) {
        changes.delete(CatalogKind.PROVIDER, request.getName(), admin.id());
        return DeleteProviderResponse.getDefaultInstance();
    }

    @Override
    public TestProviderResponse testProvider(TestProviderRequest request, Caller admin) {
        final CatalogProbe.Result result = probe.provider(request.getName(), request.getModel());
        return TestProviderResponse.newBuilder().setOk(result.ok()).setError(result.error())
                                   .setLatency(Durations.fromNanos(result.latency().toNanos())).build();
    }

    @Override
    public ListModelEntriesResponse listModelEntries(ListModelEntriesRequest request) {
        return ListModelEntriesResponse.newBuilder().addAllModels(listing.models()).build();
    }

    @Override
    public CreateModelEntryResponse createModelEntry(CreateModelEntryRequest request, Caller admin) {
        final CatalogEntry entry = entryOf(request.getModel());
        changes.create(CatalogKind.MODEL, entry, admin.id());
        return CreateModelEntryResponse.newBuilder().setModel(storedModel(entry)).build();
    }

    @Override
    public UpdateModelEntryResponse updateModelEntry(UpdateModelEntryRequest request, Caller admin) {
        final CatalogEntry entry = entryOf(request.getModel());
        changes.update(CatalogKind.MODEL, entry, admin.id());
        return UpdateModelEntryResponse.newBuilder().setModel(storedModel(entry)).build();
    }

    @Override
    public DeleteModelEntryResponse deleteModelEntry(DeleteModelEntryRequest request, Caller admin) {
        changes.delete(CatalogKind.MODEL, request.getName(), admin.id());
        return DeleteModelEntryResponse.getDefaultInstance();
    }

    @Override
    public TestModelEntryResponse testModelEntry(TestModelEntryRequest request, Caller admin) {
        final CatalogProbe.Result result = probe.model(request.getName());
        return TestModelEntryResponse.newBuilder().setOk(result.ok()).setError(result.error())
                                     .setProvider(result.provider())
                                     .setLatency(Durations.fromNanos(result.latency().toNanos())).build();
    }

    private static CatalogEntry entryOf(ProviderEntry provider) {
        return new CatalogEntry(provider.getName(), StructJson.toJson(provider.getSettings()), provider.getDisabled());
    }

    private static CatalogEntry entryOf(ModelEntry model) {
        return new CatalogEntry(model.getName(), StructJson.toJson(model.getSettings()), model.getDisabled());
    }

    private ProviderEntry storedProvider(CatalogEntry provider) {
        return CatalogListing.provider(provider.name(), provider.settings(), provider.disabled(),
                                       Source.SOURCE_DATABASE, live.current().providers());
    }

    private static ModelEntry storedModel(CatalogEntry model) {
        return CatalogListing.model(model.name(), model.settings(), model.disabled(), Source.SOURCE_DATABASE);
    }
}
