package com.streamlens.state.serde;

import java.io.Serializable;

/** Turns one raw payload into a valid event or says why it cannot. */
public interface EventParser<T> extends Serializable {
    T parse(byte[] payload) throws InvalidEventException;
}
