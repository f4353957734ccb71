package dev.llmg.internal.admin;

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
import dev.llmg.api.gateway.v1.TestModelEntryRequest;
import dev.llmg.api.gateway.v1.TestModelEntryResponse;
import dev.llmg.api.gateway.v1.TestProviderRequest;
import dev.llmg.api.gateway.v1.TestProviderResponse;
import dev.llmg.api.gateway.v1.UpdateModelEntryRequest;
import dev.llmg.api.gateway.v1.UpdateModelEntryResponse;
import dev.llmg.api.gateway.v1.UpdateProviderRequest;
import dev.llmg.api.gateway.v1.UpdateProviderResponse;
import dev.llmg.internal.call.Caller;

/**
 * The providers and models managed through the admin API ({@code gatewayapi.v1.AdminService}'s provider and model
 * methods): stored in the database, validated exactly as config, and put in use without a restart. Methods block
 * on the database (the admin service runs them off the event loop) and report bad input and conflicts as
 * {@link dev.llmg.spi.GatewayException}s; {@code admin} is who asked, for the audit.
 */
public interface CatalogAdministration {

    /** Lists config's and the database's providers by name. */
    ListProvidersResponse listProviders(ListProvidersRequest request);

    /** Adds a provider. */
    CreateProviderResponse createProvider(CreateProviderRequest request, Caller admin);

    /** Replaces a database provider's settings. */
    UpdateProviderResponse updateProvider(UpdateProviderRequest request, Caller admin);

    /** Deletes a database provider no model uses. */
    DeleteProviderResponse deleteProvider(DeleteProviderRequest request, Caller admin);

    /** Asks a provider for a one-token answer. */
    TestProviderResponse testProvider(TestProviderRequest request, Caller admin);

    /** Lists config's and the database's models by name. */
    ListModelEntriesResponse listModelEntries(ListModelEntriesRequest request);

    /** Adds a model. */
    CreateModelEntryResponse createModelEntry(CreateModelEntryRequest request, Caller admin);

    /** Replaces a database model's settings. */
    UpdateModelEntryResponse updateModelEntry(UpdateModelEntryRequest request, Caller admin);

    /** Deletes a database model. */
    DeleteModelEntryResponse deleteModelEntry(DeleteModelEntryRequest request, Caller admin);

    /** Routes a one-token call to a model. */
    TestModelEntryResponse testModelEntry(TestModelEntryRequest request, Caller admin);
}
