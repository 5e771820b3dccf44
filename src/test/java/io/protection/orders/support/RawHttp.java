package io.protection.orders.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client over one kept-alive socket that sends exactly the bytes it is given: request
 * targets no URI class would accept ({@code %zz}, raw bytes), bodies of any bytes, chunked or with a
 * {@code Content-Length}. It writes the whole request before it reads the answer, as a simple client
 * does, so a server that resets the connection mid-upload shows as an {@link IOException}.
 */
public final class RawHttp implements Closeable {

    /** An answer: the status, the headers (names in lower case, the last of repeated ones) and the body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Whether the connection the last answer came on is still open. */
    private boolean reused;

    public RawHttp(int port) {
        this("localhost", port, 30_000);
    }

    public RawHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** A request with a {@code Content-Length} body (none when {@code body} is null). */
    public Response send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = head(method, target, headers);
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body == null ? new byte[0] : body);
    }

    /**
     * A request sent as a client that asks {@code Expect: 100-continue} does: the head first, the body only
     * after a {@code 100 Continue}; a final answer before that is returned with the body never sent.
     */
    public Response sendExpectingContinue(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = head(method, target, headers);
        head.append("Content-Length: ").append(body.length).append("\r\nExpect: 100-continue\r\n\r\n");
        open();
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Response first = read(false);
            if (first.status() != 100) {
                return first;
            }
            out.write(body);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** A request whose body is sent chunked, in pieces of {@code chunkSize} bytes. */
    public Response sendChunked(String method, String target, Map<String, String> headers, byte[] body, int chunkSize)
            throws IOException {
        StringBuilder head = head(method, target, headers);
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        ByteArrayOutputStream chunked = new ByteArrayOutputStream(body.length + body.length / chunkSize * 8 + 16);
        for (int at = 0; at < body.length; at += chunkSize) {
            int n = Math.min(chunkSize, body.length - at);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.write(body, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), chunked.toByteArray());
    }

    /** Whether the last answer came on a connection that an earlier request had opened. */
    public boolean reused() {
        return reused;
    }

    /** The request line, the Host and the given headers; the caller adds its own and the blank line. */
    private StringBuilder head(String method, String target, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head;
    }

    /** Connects unless the last request's connection is still open. */
    private void open() throws IOException {
        reused = socket != null;
        if (socket == null) {
            connect();
        }
    }

    private Response exchange(byte[] head, byte[] body) throws IOException {
        open();
        try {
            out.write(head);
            out.write(body);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 65536);
        out = socket.getOutputStream();
    }

    private Response read() throws IOException {
        return read(true);
    }

    private Response read(boolean skipContinue) throws IOException {
        String statusLine = line();
        while (statusLine.isEmpty()) {
            statusLine = line();
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body;
        if (status == 100 && skipContinue) {
            return read();
        }
        if (status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                all.write(in.readNBytes(size));
                line();
            }
            line();
            body = all.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
            close();
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Response(status, headers, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed before the answer was complete");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                socket = null;
            }
        }
    }
}
