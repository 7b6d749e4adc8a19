package com.streamlens.operators.io.kafka;

import java.io.Serializable;
import java.util.function.Function;

/** The key a record is stored under (a Kafka record key, a Redis key); a serialisable lambda. */
public interface KeyOf<T> extends Function<T, String>, Serializable {}
