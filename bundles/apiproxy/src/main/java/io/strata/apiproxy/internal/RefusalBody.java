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

    TEXT("text/plain; charset=utf-8", null, Map.of(), "", "") {
        @Override
        String body(int status, String reason) {
            return reason + "\n";
        }
    },
    STORAGE_XML("application/xml", "x-ms-error-code", Map.of(400, "InvalidInput", 401, "AuthenticationFailed", 403,
            "AuthenticationFailed", 404, "ResourceNotFound", 413, "RequestBodyTooLarge", 502, "InternalError", 503,
            "ServerBusy", 504, "OperationTimedOut"), "InvalidInput", "InternalError") {
        @Override
        String body(int status, String reason) {
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code(status) + "</Code><Message>"
                    + reason.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</Message></Error>";
        }
    },
    IOT_HUB_JSON("application/json; charset=utf-8", "iothub-errorcode", Map.of(400, "ArgumentInvalid", 401,
            "IotHubUnauthorizedAccess", 403, "IotHubUnauthorizedAccess", 404, "IotHubNotFound", 413, "MessageTooLarge",
            502, "ServerError", 503, "ServiceUnavailable", 504, "GatewayTimeout"), "ArgumentInvalid", "ServerError") {
        @Override
        String body(int status, String reason) {
            ObjectNode body = JSON.createObjectNode();
            body.put("Message", "ErrorCode:" + code(status) + ";" + reason);
            body.put("ExceptionMessage", reason);
            return body.toString();
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String contentType;
    private final String codeHeader;
    private final Map<Integer, String> codes;
    private final String clientErrorCode;
    private final String serverErrorCode;

    RefusalBody(String contentType, String codeHeader, Map<Integer, String> codes, String clientErrorCode,
            String serverErrorCode) {
        this.contentType = contentType;
        this.codeHeader = codeHeader;
        this.codes = codes;
        this.clientErrorCode = clientErrorCode;
        this.serverErrorCode = serverErrorCode;
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

    /** The service's name for the error of {@code status}. */
    String code(int status) {
        return codes.getOrDefault(status, status >= 500 ? serverErrorCode : clientErrorCode);
    }

    /** The header that carries the error's name, where the service sends one. */
    void addHeaders(HttpHeaders headers, int status) {
        if (codeHeader != null) {
            headers.set(codeHeader, code(status));
        }
    }
}
