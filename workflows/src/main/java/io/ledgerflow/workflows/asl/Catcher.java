package io.ledgerflow.workflows.asl;

import java.util.List;

/** One Catch entry; {@code resultPath} null means JSON null (discard the error output). */
public record Catcher(List<String> errorEquals, String resultPath, String next) {}
