package io.ledgerflow.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest (the Maven project version). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"ledgerflow " + (version == null ? "(development build)" : version)};
    }
}
