package com.streamlens.state.records;

/** A feedback click that reached the mail job before its mail's verdict did (keyed state, per user and mail id). */
public class EarlyClick {
    public String eventId;
    public String mailId;
    public String action;
    /** Event time of the click. */
    public long ts;
    /** Processing time it arrived: it is settled as an unknown mail a wait after this. */
    public long arrivedAt;

    public EarlyClick() {}
}
