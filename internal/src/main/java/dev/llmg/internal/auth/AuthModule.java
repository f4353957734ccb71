package dev.llmg.internal.auth;

import java.time.Clock;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;

/** Provides authentication: the {@code auth} settings, the grouping in use and the authenticator. */
@Module
public interface AuthModule {

    /** Reads {@code auth} once at start-up. */
    @Provides
    @Singleton
    static AuthSettings authSettings(ConfigSection root) {
        return AuthSettings.from(root);
    }

    /** Holds the grouping in use, starting with the config's {@code tenants}. */
    @Provides
    @Singleton
    static KeyDirectory keyDirectory(ConfigSection root, AuthSettings settings) {
        return new KeyDirectory(ConfigTenants.read(root), ConfigTenants.secrets(root), settings.adminKeyHashes());
    }

    /** Turns presented keys into callers. */
    @Provides
    @Singleton
    static Authenticator authenticator(AuthSettings settings, KeyDirectory keys) {
        return new Authenticator(settings.required(), keys, Clock.systemUTC());
    }

    /** Puts a changed {@code tenants} section in use on reload. */
    @Binds
    @IntoSet
    Reloadable groupingReload(GroupingReload reload);
}
