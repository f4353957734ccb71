package dev.llmg.cmd.hostile;

/** A front door of the gateway that takes a JSON body and says what came back. */
interface JsonSurface {

    /** Returns the surface's name in reports, e.g. {@code REST POST /api/v1/chat/completions}. */
    String name();

    /** Sends {@code body} and returns the reply, within a few seconds. */
    Reply send(byte[] body);
}
