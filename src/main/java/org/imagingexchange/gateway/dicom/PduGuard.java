// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Caps the length of incoming DICOM Upper Layer PDUs (PS3.8 section 9.3). PixelMed allocates a
 * byte array of whatever length a PDU header declares, so one forged header could exhaust the heap;
 * this stream reads the 6-byte headers as they pass and fails the connection on an oversized one.
 */
final class PduGuard extends FilterInputStream {

    private static final int HEADER = 6;

    private final long maxPduLength;
    private final byte[] header = new byte[HEADER];
    private int headerFill;
    private long bodyLeft;

    private PduGuard(InputStream in, long maxPduLength) {
        super(in);
        this.maxPduLength = maxPduLength;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean inHeader = bodyLeft == 0;
        int want = (int) Math.min(len, inHeader ? HEADER - headerFill : bodyLeft);
        int n = super.read(b, off, want);
        if (n <= 0) {
            return n;
        }
        if (inHeader) {
            System.arraycopy(b, off, header, headerFill, n);
            headerFill += n;
            if (headerFill == HEADER) {
                headerFill = 0;
                bodyLeft = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8)
                        | (header[5] & 0xFF);
                if (bodyLeft > maxPduLength) {
                    throw new IOException("PDU of " + bodyLeft + " bytes exceeds the limit of " + maxPduLength);
                }
            }
        } else {
            bodyLeft -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** A server socket whose accepted sockets read through a {@link PduGuard}. */
    static final class GuardedServerSocket extends ServerSocket {
        private final long maxPduLength;

        GuardedServerSocket(long maxPduLength) throws IOException {
            this.maxPduLength = maxPduLength;
        }

        @Override
        public Socket accept() throws IOException {
            Socket s = new GuardedSocket(maxPduLength);
            implAccept(s);
            return s;
        }
    }

    private static final class GuardedSocket extends Socket {
        private final long maxPduLength;
        private InputStream guarded;

        GuardedSocket(long maxPduLength) {
            this.maxPduLength = maxPduLength;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (guarded == null) {
                guarded = new PduGuard(super.getInputStream(), maxPduLength);
            }
            return guarded;
        }
    }
}
