package io.govaudit.internal.trail;

/**
 * Why a replica cannot be continued from the trail's chain: a line of the trail that is not the
 * next record, records the trail no longer holds, or a replica that is not this trail's. The
 * replica's thread raises {@link io.govaudit.alert.AlertKind#REPLICA_FAILED} with the message.
 */
final class ReplicaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the chain, seq or segment */
    ReplicaException(String message) {
        super(message);
    }
}
