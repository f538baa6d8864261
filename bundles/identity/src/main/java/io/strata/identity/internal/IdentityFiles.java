package io.strata.identity.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.strata.api.json.Json;
import io.strata.api.node.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads identity documents as YAML or JSON, and writes them as JSON that only the owner can read. */
final class IdentityFiles {

    private static final ObjectWriter JSON_FILE = Json.mapper().writer(SerializationFeature.INDENT_OUTPUT);
    // YAML read as JSON is: a second document after the first is an error, not ignored.
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private IdentityFiles() {
    }

    /**
     * Reads a document, as YAML when the name ends in {@code .yaml} or {@code .yml}, as JSON
     * otherwise. An empty file is an empty document.
     *
     * @throws IllegalArgumentException describing what is wrong with the content, and where
     */
    static IdentityDocument read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : Json.mapper();
        try {
            IdentityDocument document = mapper.readValue(Files.readAllBytes(file), IdentityDocument.class);
            return document == null ? new IdentityDocument(null) : document;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** Writes the document as JSON that only the owner can read, replacing the file atomically. */
    static void writeAtomically(Path file, IdentityDocument document) throws IOException {
        PrivateFiles.createPrivateDirectory(file.toAbsolutePath().getParent());
        PrivateFiles.writeAtomically(file, JSON_FILE.writeValueAsBytes(document));
    }

    /** The problem in words for an operator: no class names, on one line, with where it is. */
    private static String describe(JsonProcessingException e) {
        String problem = e instanceof UnrecognizedPropertyException unknown
                ? "unknown key '" + unknown.getPropertyName() + "', expected one of " + unknown.getKnownPropertyIds()
                : e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        JsonLocation where = e.getLocation();
        return where == null ? problem : problem + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
