// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import org.apache.cxf.Bus;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Limits on untrusted SOAP input, set on the bus so every endpoint has them: StAX size, depth
 * and count limits (CXF's parser also refuses DTDs and external entities by default, and we
 * never set allowInsecureParser), and MTOM attachment count/size with disk spooling above a
 * small in-memory threshold. All are settings with safe defaults.
 */
final class XmlLimits {
    private XmlLimits() {}

    static void apply(Bus bus) {
        Config c = ConfigProvider.getConfig();
        set(bus, c, "org.apache.cxf.stax.maxElementDepth", "gateway.xml.max.depth", "100");
        set(bus, c, "org.apache.cxf.stax.maxChildElements", "gateway.xml.max.child.elements", "50000");
        set(bus, c, "org.apache.cxf.stax.maxElementCount", "gateway.xml.max.elements", "500000");
        set(bus, c, "org.apache.cxf.stax.maxAttributeCount", "gateway.xml.max.attributes", "100");
        set(bus, c, "org.apache.cxf.stax.maxAttributeSize", "gateway.xml.max.attribute.bytes", "65536");
        // IHE sends documents as MTOM parts: no text node of a request needs more than 16 MiB
        set(bus, c, "org.apache.cxf.stax.maxTextLength", "gateway.xml.max.text.bytes", "16777216");
        // the whole XML of a message (the root part of an MTOM one): CXF has no default (CATALOGUE XML-10)
        set(bus, c, "org.apache.cxf.stax.maxXMLCharacters", "gateway.xml.max.characters", "67108864");
        set(bus, c, "attachment-max-count", "gateway.attachment.max.count", "10000");
        set(bus, c, "attachment-max-size", "gateway.attachment.max.bytes", "4294967296");
        set(bus, c, "attachment-memory-threshold", "gateway.attachment.memory.threshold", "1048576");
        bus.setProperty("org.apache.cxf.stax.allowInsecureParser", "false");
    }

    private static void set(Bus bus, Config c, String cxfName, String setting, String dflt) {
        bus.setProperty(cxfName, c.getOptionalValue(setting, String.class).orElse(dflt));
    }
}
