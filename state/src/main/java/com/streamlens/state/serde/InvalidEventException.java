package com.streamlens.state.serde;

/** Why an input is unusable; the message becomes the dead letter's reason. No stack trace: it is data, not a bug. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
