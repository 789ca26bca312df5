package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Validation of Map states, inline and distributed (part of {@link AslValidator}). */
final class MapRules {

    private static final Set<String> PROCESSOR_FIELDS = Set.of("ProcessorConfig", "StartAt", "States", "Comment",
            "TimeoutSeconds", "Version", "QueryLanguage");
    private static final Set<String> READER_FIELDS = Set.of("Resource", "Parameters", "ReaderConfig", "Arguments");
    private static final Set<String> READER_RESOURCES = Set.of("arn:aws:states:::s3:getObject", "arn:aws:states:::s3:listObjectsV2");
    private static final Set<String> INPUT_TYPES = Set.of("CSV", "JSON", "JSONL");
    private static final Set<String> DELIMITERS = Set.of("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB");

    private MapRules() {}

    static void check(AslValidator v, String name, JsonNode s) {
        v.atMostOne(name, s, "ItemProcessor", "Iterator");
        v.atMostOne(name, s, "ItemSelector", "Parameters");
        v.atMostOne(name, s, "MaxConcurrency", "MaxConcurrencyPath");
        JsonNode processor = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
        if (processor == null || !processor.isObject()) {
            v.add(name, "MISSING_FIELD", "Map needs an ItemProcessor (or the older Iterator)");
            return;
        }
        String mode = processor.path("ProcessorConfig").path("Mode").asText("INLINE");
        if (!Set.of("INLINE", "DISTRIBUTED").contains(mode)) {
            v.add(name, "INVALID_VALUE", "ProcessorConfig.Mode must be INLINE or DISTRIBUTED");
        }
        v.unknownFields(processor, PROCESSOR_FIELDS, name);
        JsonNode branch = processor.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) branch).remove("ProcessorConfig");
        v.nested(branch, name);
        if (s.has("MaxConcurrency") && (!s.get("MaxConcurrency").isIntegralNumber() || s.get("MaxConcurrency").asInt() < 0)) {
            v.add(name, "INVALID_VALUE", "MaxConcurrency must be an integer >= 0");
        }
        if ("DISTRIBUTED".equals(mode)) {
            distributed(v, name, s);
        } else {
            s.fieldNames().forEachRemaining(f -> {
                if (AslValidator.DISTRIBUTED_ONLY.contains(f)) {
                    v.add(name, "DISTRIBUTED_ONLY_FIELD", f + " is only allowed when ProcessorConfig.Mode is DISTRIBUTED");
                }
            });
        }
    }

    private static void distributed(AslValidator v, String name, JsonNode s) {
        JsonNode reader = s.get("ItemReader");
        if (reader != null) {
            v.unknownFields(reader, READER_FIELDS, name);
            if (!READER_RESOURCES.contains(reader.path("Resource").asText())) {
                v.add(name, "INVALID_VALUE", "ItemReader.Resource must be one of " + READER_RESOURCES);
            }
            JsonNode config = reader.path("ReaderConfig");
            if (config.has("InputType") && !INPUT_TYPES.contains(config.get("InputType").asText())) {
                v.add(name, "INVALID_VALUE", "ItemReader.ReaderConfig.InputType must be one of " + INPUT_TYPES);
            }
            if (config.has("CSVDelimiter") && !DELIMITERS.contains(config.get("CSVDelimiter").asText())) {
                v.add(name, "INVALID_VALUE", "ItemReader.ReaderConfig.CSVDelimiter must be one of " + DELIMITERS);
            }
            if ("GIVEN".equals(config.path("CSVHeaderLocation").asText()) && !config.path("CSVHeaders").isArray()) {
                v.add(name, "MISSING_FIELD", "CSVHeaderLocation GIVEN needs a CSVHeaders array");
            }
            if (reader.has("Parameters")) {
                v.template(name, "ItemReader.Parameters", reader.get("Parameters"), 0);
            }
        }
        JsonNode pct = s.get("ToleratedFailurePercentage");
        if (pct != null && (!pct.isNumber() || pct.asDouble() < 0 || pct.asDouble() > 100)) {
            v.add(name, "INVALID_VALUE", "ToleratedFailurePercentage must be a number from 0 to 100");
        }
        JsonNode count = s.get("ToleratedFailureCount");
        if (count != null && (!count.isIntegralNumber() || count.asLong() < 0)) {
            v.add(name, "INVALID_VALUE", "ToleratedFailureCount must be an integer >= 0");
        }
        if (s.has("ItemBatcher")) {
            v.unknownFields(s.get("ItemBatcher"), Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath",
                    "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"), name);
        }
        if (s.has("ResultWriter")) {
            v.unknownFields(s.get("ResultWriter"), Set.of("Resource", "Parameters", "WriterConfig"), name);
        }
    }
}
