package io.ledgerflow.workflows.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.workflows.jsonpath.JsonPath;

/** One argument of an intrinsic call: a literal, a path into the input or context, or a nested call. */
public sealed interface IntrinsicArg permits IntrinsicArg.Literal, IntrinsicArg.PathArg, Intrinsic {

    /** A literal; {@code raw} keeps a string's {@code \{}/{@code \}} escapes for States.Format. */
    record Literal(JsonNode value, String raw) implements IntrinsicArg {}

    /** A path; {@code context} true for {@code $$.} paths into the context object. */
    record PathArg(JsonPath path, boolean context) implements IntrinsicArg {}
}
