package com.streamlens.operators.spam;

/** A sparse feature vector: sorted distinct indices and their values. */
public record SparseVector(int[] indices, float[] values) {}
