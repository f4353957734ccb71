/**
 * AWS Bedrock's Converse and ConverseStream APIs as a chat provider, signed with SigV4 by the AWS SDK's signer
 * and sent through Armeria; the binary event stream is decoded by the SDK's event-stream decoder.
 */
package dev.llmg.internal.providers.bedrock;
