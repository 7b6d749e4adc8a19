package com.streamlens.state.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Mail event types; the JSON names are the wire format (schema v1). */
public enum MailType {
    @JsonProperty("mail_received") MAIL_RECEIVED,
    @JsonProperty("feedback") FEEDBACK,
    @JsonProperty("registration") REGISTRATION,
    @JsonProperty("login") LOGIN
}
