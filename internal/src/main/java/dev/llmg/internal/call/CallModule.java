package dev.llmg.internal.call;

import java.util.Set;

import dagger.Module;
import dagger.multibindings.Multibinds;

/** Declares the observers of calls that concerns (tracking, telemetry) contribute; none are required. */
@Module
public interface CallModule {

    /** Declares the set of call observer factories, empty until a concern contributes one. */
    @Multibinds
    Set<CallObserver.Factory> callObservers();
}
