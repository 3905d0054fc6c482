// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlockCopyDataHandlerTest {

    @Test
    void copiesEveryByteInLargeBlocksAndClosesTheSource() throws Exception {
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);
        AtomicInteger largestRead = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        DataSource source = new DataSource() {
            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(data) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        largestRead.accumulateAndGet(len, Math::max);
                        return super.read(b, off, len);
                    }

                    @Override
                    public void close() {
                        closed.set(true);
                    }
                };
            }

            @Override
            public OutputStream getOutputStream() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String getContentType() {
                return "application/dicom";
            }

            @Override
            public String getName() {
                return "x";
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BlockCopyDataHandler(source).writeTo(out);
        assertArrayEquals(data, out.toByteArray());
        assertEquals(BlockCopyDataHandler.BLOCK, largestRead.get(), "reads of 256 KiB, not the stock 8 KiB");
        assertTrue(closed.get(), "the source stream is closed after the copy");
    }
}
