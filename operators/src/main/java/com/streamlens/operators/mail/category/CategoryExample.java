package com.streamlens.operators.mail.category;

import java.util.Map;

/**
 * A letter as the category model reads it: subject and body as one text, the sender's bare address and the selected
 * headers (lower-case names); {@code label} is its class when it is a training example, else null.
 */
public record CategoryExample(String text, String from, Map<String, String> headers, String label) {
    public CategoryExample {
        headers = headers == null ? Map.of() : headers;
    }
}
