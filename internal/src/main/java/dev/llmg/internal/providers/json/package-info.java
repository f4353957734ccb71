/**
 * Converts between JSON trees and protobuf values, and reads provider JSON that may hold nulls anywhere.
 */
package dev.llmg.internal.providers.json;
