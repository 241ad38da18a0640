package io.katana.workflows.challenge;

/**
 * A port of the challenge that other teams reach through its Service.
 *
 * @param healthContent for HTTP: text the answer to {@code GET /} must contain to count as healthy
 *     (null: any answer); TCP ports are healthy when they accept a connection
 */
public record ExposedPort(int port, Protocol protocol, String healthContent) {

    public enum Protocol {
        TCP,
        HTTP
    }

    public ExposedPort {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must be TCP or HTTP");
        }
        if (protocol == Protocol.TCP && healthContent != null) {
            throw new IllegalArgumentException("healthContent is for HTTP ports; port " + port + " is TCP");
        }
    }
}
