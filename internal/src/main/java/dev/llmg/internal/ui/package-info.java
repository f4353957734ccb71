/**
 * The dashboard at {@code /ui}: static HTML, CSS and ES modules served from the jar, which call only llmg's
 * public REST API ({@code /api/v1}) with the key typed into them, so everything the dashboard shows is also
 * scriptable. The files are under {@code src/main/resources/dev/llmg/ui}; nothing is built or fetched from
 * elsewhere.
 */
package dev.llmg.internal.ui;
