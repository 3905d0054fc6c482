// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Ends a SOAP request whose body trickles in (CATALOGUE XML-10 "slow drip"): after a grace
 * period the body must arrive at a minimum average rate. Liberty's read timeout is per read, so
 * one byte every few seconds would otherwise hold a request thread for as long as the client
 * likes. The reading fails with an IOException, which CXF reports as an invalid request
 * (Sender fault, audited). Settings: {@code gateway.soap.request.grace.seconds} (10) and
 * {@code gateway.soap.request.min.bytes.per.second} (1024; 0 turns the check off).
 */
@WebFilter(filterName = "slowRequestFilter", urlPatterns = "/services/*", asyncSupported = true)
public class SlowRequestFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(SlowRequestFilter.class.getName());

    private volatile long graceNanos;
    private volatile long minBytesPerSecond;

    @Override
    public void init(FilterConfig config) {
        Config c = ConfigProvider.getConfig();
        graceNanos = c.getOptionalValue("gateway.soap.request.grace.seconds", Long.class).orElse(10L) * 1_000_000_000L;
        minBytesPerSecond = c.getOptionalValue("gateway.soap.request.min.bytes.per.second", Long.class).orElse(1024L);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (minBytesPerSecond <= 0 || !(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        chain.doFilter(new HttpServletRequestWrapper(http) {
            private ServletInputStream guarded;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (guarded == null) {
                    guarded = new Guarded(http.getInputStream(), start, http.getRequestURI());
                }
                return guarded;
            }
        }, response);
    }

    private final class Guarded extends ServletInputStream {
        private final ServletInputStream in;
        private final long start;
        private final String uri;
        private long bytes;

        Guarded(ServletInputStream in, long start, String uri) {
            this.in = in;
            this.start = start;
            this.uri = uri;
        }

        private int counted(int n) throws IOException {
            if (n > 0) {
                bytes += n;
            }
            long elapsed = System.nanoTime() - start;
            if (n >= 0 && elapsed > graceNanos && bytes * 1_000_000_000L / elapsed < minBytesPerSecond) {
                long rate = bytes * 1_000_000_000L / elapsed;
                LOG.warning(() -> "SOAP-LIMIT-001 request body to " + uri + " arrives at " + rate
                        + " bytes/s after " + elapsed / 1_000_000 + " ms, under the minimum of " + minBytesPerSecond
                        + ": refused");
                throw new IOException("request body under the minimum rate of " + minBytesPerSecond + " bytes/s");
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            return counted(in.read(buf, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
