package com.streamlens.operators.mail.spam;

/** A training example: the model's text (subject + body), its label and where it came from. */
public record LabeledMail(String text, boolean spam, String group) {}
