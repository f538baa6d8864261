package io.strata.amqp.internal.server;

/** One message of a transfer: its bytes as they arrived, and decoded. */
record ReceivedMessage(byte[] encoded, org.apache.qpid.proton.message.Message decoded) {
}
