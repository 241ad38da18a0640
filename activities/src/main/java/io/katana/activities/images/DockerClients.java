package io.katana.activities.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/** docker-java clients on the Apache httpclient5 transport, the one that speaks unix sockets. */
public final class DockerClients {

    private DockerClients() {
    }

    /**
     * @param dockerHost {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}
     * @param responseTimeout bound of one response; a build streams, so builds need a long one
     */
    public static DockerClient create(URI dockerHost, Duration connectTimeout, Duration responseTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost.toString())
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .maxConnections(16)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
