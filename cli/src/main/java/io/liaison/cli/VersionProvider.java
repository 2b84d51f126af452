package io.liaison.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Liaison.class.getPackage().getImplementationVersion();
        return new String[] {"liaison " + (v == null ? "development build" : v)};
    }
}
