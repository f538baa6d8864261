package io.strata.apiproxy.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;

/**
 * The body of the proxy's own refusal, in the shape the client's SDK parses: an Azure Storage client
 * (it sends {@code x-ms-version}) reads an XML {@code <Error>} and the {@code x-ms-error-code} header, an
 * IoT Hub client (it sends {@code api-version}) reads IoT Hub's JSON with {@code ErrorCode:<name>;} in
 * {@code Message}; anyone else, a person with curl or a Maven resolver, reads one line of text.
 */
enum RefusalBody {

    TEXT("text/plain; charset=utf-8") {
        @Override
        String body(int status, String reason) {
            return reason + "\n";
        }
    },
    STORAGE_XML("application/xml") {
        @Override
        String body(int status, String reason) {
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code(status) + "</Code><Message>"
                    + escapeXml(reason) + "</Message></Error>";
        }

        @Override
        String code(int status) {
            return STORAGE_CODES.getOrDefault(status, status >= 500 ? "InternalError" : "InvalidInput");
        }

        @Override
        void addHeaders(HttpHeaders headers, int status) {
            headers.set("x-ms-error-code", code(status));
        }
    },
    IOT_HUB_JSON("application/json; charset=utf-8") {
        @Override
        String body(int status, String reason) {
            ObjectNode body = JSON.createObjectNode();
            body.put("Message", "ErrorCode:" + code(status) + ";" + reason);
            body.put("ExceptionMessage", reason);
            return body.toString();
        }

        @Override
        String code(int status) {
            return IOT_HUB_CODES.getOrDefault(status, status >= 500 ? "ServerError" : "ArgumentInvalid");
        }

        @Override
        void addHeaders(HttpHeaders headers, int status) {
            headers.set("iothub-errorcode", code(status));
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> STORAGE_CODES = Map.of(400, "InvalidInput", 401,
            "AuthenticationFailed", 403, "AuthenticationFailed", 404, "ResourceNotFound", 413, "RequestBodyTooLarge",
            502, "InternalError", 503, "ServerBusy", 504, "OperationTimedOut");
    private static final Map<Integer, String> IOT_HUB_CODES = Map.of(400, "ArgumentInvalid", 401,
            "IotHubUnauthorizedAccess", 403, "IotHubUnauthorizedAccess", 404, "IotHubNotFound", 413,
            "MessageTooLarge", 502, "ServerError", 503, "ServiceUnavailable", 504, "GatewayTimeout");

    private final String contentType;

    RefusalBody(String contentType) {
        this.contentType = contentType;
    }

    /** Which shape {@code request}'s client reads; text when nothing marks it as a Storage or IoT Hub client. */
    static RefusalBody of(HttpRequest request) {
        if (request.headers().contains("x-ms-version")) {
            return STORAGE_XML;
        }
        return new QueryStringDecoder(request.uri()).parameters().containsKey("api-version") ? IOT_HUB_JSON : TEXT;
    }

    String contentType() {
        return contentType;
    }

    abstract String body(int status, String reason);

    /** The service's error name for {@code status}; none for text. */
    String code(int status) {
        return "";
    }

    void addHeaders(HttpHeaders headers, int status) {
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
