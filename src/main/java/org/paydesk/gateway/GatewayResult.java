package org.paydesk.gateway;

/** The gateway's answer: succeeded or failed, its reference for the request, and its message. */
public record GatewayResult(boolean succeeded, String reference, String message) {

    public static GatewayResult succeeded(String reference) {
        return new GatewayResult(true, reference, "succeeded");
    }

    public static GatewayResult failed(String reference, String message) {
        return new GatewayResult(false, reference, message);
    }
}
