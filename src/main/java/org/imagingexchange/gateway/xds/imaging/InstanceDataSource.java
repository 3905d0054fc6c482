// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.imaging;

import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.imagingexchange.gateway.pacs.Pacs;

/** A stored instance as an MTOM attachment: opens the PACS stream only when CXF writes it. */
final class InstanceDataSource implements DataSource {
    private final Pacs pacs;
    private final Pacs.InstanceAddress address;
    private final String location;

    InstanceDataSource(Pacs pacs, Pacs.InstanceAddress address, String location) {
        this.pacs = pacs;
        this.address = address;
        this.location = location;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return pacs.open(address, location);
    }

    @Override
    public OutputStream getOutputStream() {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public String getContentType() {
        return ImagingDocumentSource.MIME_DICOM;
    }

    @Override
    public String getName() {
        return address.sopInstanceUid();
    }
}
