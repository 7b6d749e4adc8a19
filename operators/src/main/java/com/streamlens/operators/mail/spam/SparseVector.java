package com.streamlens.operators.mail.spam;

/** A sparse feature vector: distinct indices and their values. */
public record SparseVector(int[] indices, float[] values) {}
