/**
 * The provider SPI: what a provider client implements so that llmg can route chat (and embedding) requests
 * to it, and the protocol-independent errors that providers and the gateway report.
 */
package dev.llmg.spi;
