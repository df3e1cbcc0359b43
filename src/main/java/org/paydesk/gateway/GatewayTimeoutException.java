package org.paydesk.gateway;

/** The gateway did not answer: the request may or may not have been processed. Ask with lookup. */
public class GatewayTimeoutException extends RuntimeException {

    public GatewayTimeoutException(String message) {
        super(message);
    }
}
