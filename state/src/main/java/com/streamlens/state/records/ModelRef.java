package com.streamlens.state.records;

import java.util.Map;

/**
 * One version of a model artefact and where every task manager fetches it: a directory or its URI, with the sha256 of
 * each file in it ({@link #files}) and of that manifest ({@link #sha256}). A model given to a job by path has no
 * digests: it was checked at submission.
 */
public class ModelRef {
    public String version;
    public String uri;
    /** sha256 of the manifest: the lines "{sha256 of file}  {file name}\n" sorted by name (sha256sum's format). */
    public String sha256;
    /** File name → sha256 (hex) of every file of the artefact directory; the loader fetches exactly these. */
    public Map<String, String> files;

    public ModelRef() {}

    public static ModelRef of(String version, String uri, String sha256, Map<String, String> files) {
        ModelRef r = new ModelRef();
        r.version = version;
        r.uri = uri;
        r.sha256 = sha256;
        r.files = files;
        return r;
    }

    @Override
    public String toString() {
        return version + " (" + uri + ")";
    }
}
