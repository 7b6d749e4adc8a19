package com.streamlens.operators.io;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real HTTP server on loopback serving the files under a folder (404 otherwise; 500 under /broken/), for model URLs in tests. */
public final class StaticFileServer implements AutoCloseable {
    private final HttpServer server;

    public StaticFileServer(Path root) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                Path file = root.resolve(path.substring(1)).normalize();
                if (path.startsWith("/broken/")) {
                    exchange.sendResponseHeaders(500, -1);
                } else if (file.startsWith(root) && Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(200, Files.size(file));
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(file, out);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
    }

    /** http://127.0.0.1:port/ + path. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
