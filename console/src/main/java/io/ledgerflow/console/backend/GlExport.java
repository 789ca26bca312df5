package io.ledgerflow.console.backend;

import java.net.URI;

/**
 * A month's ledger export for the download: the CSV itself, or (on AWS, when it is too large for a
 * response) a short-lived URL the browser downloads it from. Exactly one of the two is set.
 */
public record GlExport(String csv, URI url) {

    public GlExport {
        if ((csv == null) == (url == null)) {
            throw new IllegalArgumentException("a ledger export is its CSV or a URL to it, exactly one");
        }
    }

    public static GlExport inline(String csv) {
        return new GlExport(csv, null);
    }

    public static GlExport at(URI url) {
        return new GlExport(null, url);
    }
}
