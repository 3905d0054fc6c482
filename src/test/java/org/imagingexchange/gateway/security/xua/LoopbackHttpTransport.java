// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.apache.cxf.Bus;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.service.model.EndpointInfo;
import org.apache.cxf.transport.AbstractConduit;
import org.apache.cxf.transport.AbstractDestination;
import org.apache.cxf.transport.Conduit;
import org.apache.cxf.transport.Destination;
import org.apache.cxf.transport.DestinationFactory;
import org.apache.cxf.transport.DestinationFactoryManager;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.apache.cxf.ws.addressing.EndpointReferenceUtils;
import org.imagingexchange.gateway.community.Certificates;

/**
 * A test-only CXF HTTP transport on the JDK's HTTP server, bound to a free loopback port: the
 * endpoints published on the bus (with their real interceptor chains) answer real HTTP requests
 * at {@code http://127.0.0.1:port/services/<address>}, without a servlet container (the project
 * has no Jetty/Undertow transport). TLS is not simulated on the wire: a request header
 * {@value #TLS_CLIENT_HEADER} (base64 DER) stands for the client certificate that mutual TLS
 * verified, and becomes CXF's {@link TLSSessionInfo} as the servlet transport would make it.
 */
final class LoopbackHttpTransport implements DestinationFactory, AutoCloseable {
    static final String TLS_CLIENT_HEADER = "X-Test-Tls-Client-Certificate";
    private static final Logger LOG = Logger.getLogger(LoopbackHttpTransport.class.getName());
    private static final List<String> IDS = List.of("http://schemas.xmlsoap.org/soap/http",
            "http://schemas.xmlsoap.org/wsdl/soap/http", "http://www.w3.org/2003/05/soap/bindings/HTTP/",
            "http://schemas.xmlsoap.org/wsdl/soap12/", "http://schemas.xmlsoap.org/soap/",
            "http://schemas.xmlsoap.org/wsdl/soap/");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Bus bus;

    private LoopbackHttpTransport(Bus bus) throws IOException {
        this.bus = bus;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.start();
    }

    /** Starts the server and makes it the HTTP/SOAP destination factory of {@code bus}. */
    static LoopbackHttpTransport install(Bus bus) throws IOException {
        LoopbackHttpTransport t = new LoopbackHttpTransport(bus);
        DestinationFactoryManager dfm = bus.getExtension(DestinationFactoryManager.class);
        for (String id : t.getTransportIds()) {
            dfm.registerDestinationFactory(id, t);
        }
        return t;
    }

    String url(String address) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services" + address;
    }

    @Override
    public Destination getDestination(EndpointInfo ei, Bus b) {
        String address = ei.getAddress();
        LoopbackDestination d = new LoopbackDestination(b, ei, address);
        server.createContext("/services" + address, d::handle);
        return d;
    }

    @Override
    public Set<String> getUriPrefixes() {
        return Set.of("/", "http://");
    }

    @Override
    public List<String> getTransportIds() {
        List<String> ids = new ArrayList<>(HTTPTransportFactory.DEFAULT_NAMESPACES);
        ids.addAll(IDS);
        return ids;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private final class LoopbackDestination extends AbstractDestination {
        private final String address;

        LoopbackDestination(Bus b, EndpointInfo ei, String address) {
            super(b, EndpointReferenceUtils.getEndpointReference(address), ei);
            this.address = address;
        }

        void handle(HttpExchange http) throws IOException {
            try {
                MessageImpl m = new MessageImpl();
                m.setContent(InputStream.class, http.getRequestBody());
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(http.getRequestHeaders());
                m.put(Message.PROTOCOL_HEADERS, headers);
                String contentType = http.getRequestHeaders().getFirst("Content-Type");
                m.put(Message.CONTENT_TYPE, contentType);
                m.put(Message.ACCEPT_CONTENT_TYPE, http.getRequestHeaders().getFirst("Accept"));
                m.put(Message.ENCODING, "UTF-8");
                m.put(Message.HTTP_REQUEST_METHOD, http.getRequestMethod());
                m.put(Message.REQUEST_URI, http.getRequestURI().getPath());
                m.put(Message.REQUEST_URL, url(address));
                m.put(Message.PATH_INFO, http.getRequestURI().getPath());
                m.put(Message.BASE_PATH, address);
                m.put(Message.FIXED_PARAMETER_ORDER, Boolean.FALSE);
                String cert = http.getRequestHeaders().getFirst(TLS_CLIENT_HEADER);
                if (cert != null) {
                    Certificate c = Certificates.parseDer(Base64.getDecoder().decode(cert));
                    m.put(TLSSessionInfo.class, new TLSSessionInfo("TLS_AES_256_GCM_SHA384", null, new Certificate[]{c}));
                }
                ExchangeImpl exchange = new ExchangeImpl();
                exchange.setInMessage(m);
                exchange.put(HttpExchange.class, http);
                m.setDestination(this);
                exchange.setDestination(this);
                exchange.put(Bus.class, bus);
                incomingObserver.onMessage(m);
                if (!Boolean.TRUE.equals(exchange.get("loopback.responded"))) {
                    http.sendResponseHeaders(202, -1);
                }
            } catch (RuntimeException e) {
                LOG.warning("loopback transport failed: " + e);
                http.sendResponseHeaders(500, -1);
            } finally {
                http.close();
            }
        }

        @Override
        protected Conduit getInbuiltBackChannel(Message inMessage) {
            HttpExchange http = inMessage.getExchange().get(HttpExchange.class);
            return new AbstractConduit(EndpointReferenceUtils.getAnonymousEndpointReference()) {
                @Override
                public void prepare(Message out) {
                    out.setContent(OutputStream.class, new Response(http, out));
                }

                @Override
                protected Logger getLogger() {
                    return LOG;
                }
            };
        }

        @Override
        protected Logger getLogger() {
            return LOG;
        }
    }

    /** Buffers the response and sends it with the status code CXF chose (a fault's, or 200). */
    private static final class Response extends ByteArrayOutputStream {
        private final HttpExchange http;
        private final Message out;
        private boolean sent;

        Response(HttpExchange http, Message out) {
            this.http = http;
            this.out = out;
        }

        @Override
        public void close() throws IOException {
            if (sent) {
                return;
            }
            sent = true;
            Integer code = (Integer) out.get(Message.RESPONSE_CODE);
            if (code == null) {
                Exception e = out.getContent(Exception.class);
                code = e instanceof Fault f ? f.getStatusCode() : 200;
            }
            Object ct = out.get(Message.CONTENT_TYPE);
            http.getResponseHeaders().set("Content-Type", ct == null ? "application/soap+xml; charset=UTF-8" : ct.toString());
            byte[] body = toByteArray();
            // A request refused early may still be half unread; the JDK server would close the
            // connection over the unread rest (reset), losing the answer. Drain it first, as a
            // servlet container does.
            http.getRequestBody().transferTo(OutputStream.nullOutputStream());
            http.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                http.getResponseBody().write(body);
            }
            http.getResponseBody().close();
            out.getExchange().put("loopback.responded", Boolean.TRUE);
        }
    }
}
