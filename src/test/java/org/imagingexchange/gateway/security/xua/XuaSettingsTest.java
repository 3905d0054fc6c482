// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.cxf.interceptor.AbstractBasicInterceptorProvider;
import org.imagingexchange.gateway.community.PartnerDirectoryException;
import org.imagingexchange.gateway.security.policy.AccessPolicy;
import org.imagingexchange.gateway.testing.MapConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings of XUA and the start-up assembly (partner file, protected endpoints, installation). */
class XuaSettingsTest {

    @Test
    @DisplayName("settings from MicroProfile Config: partner file, protected endpoints, skew, timestamp age")
    void fromConfig() {
        XuaSettings s = XuaSettings.from(new MapConfig(Map.of("gateway.partners.file", "/etc/gw/partners.yaml",
                "gateway.xua.endpoints", " xds/iti18, /services/xds/rad69/ ,,", "gateway.xua.clock.skew.seconds", "30",
                "gateway.xua.timestamp.max.age.seconds", "120")));
        assertEquals(Path.of("/etc/gw/partners.yaml"), s.partnersFile());
        assertEquals(Set.of("xds/iti18", "xds/rad69"), s.requiredEndpoints());
        assertEquals(Duration.ofSeconds(30), s.clockSkew());
        assertEquals(Duration.ofSeconds(120), s.timestampMaxAge());
        assertTrue(s.requires("/xds/iti18"));
        assertTrue(s.requires("/xds/rad69"));
        assertFalse(s.requires("/xds/iti43"));
        assertTrue(s.requires("/rg/iti38"), "responding-gateway endpoints always require XUA");
        assertTrue(s.requires("rg/rad75"));
    }

    @Test
    @DisplayName("defaults: no partner file, no listed endpoints, 60 s skew, 300 s timestamp age; limits enforced")
    void defaultsAndLimits() {
        XuaSettings d = XuaSettings.from(new MapConfig(Map.of()));
        assertNull(d.partnersFile());
        assertEquals(Set.of(), d.requiredEndpoints());
        assertEquals(Duration.ofSeconds(60), d.clockSkew());
        assertEquals(Duration.ofSeconds(300), d.timestampMaxAge());
        assertThrows(IllegalArgumentException.class, () -> XuaSettings.from(new MapConfig(Map.of(
                "gateway.xua.clock.skew.seconds", "3600"))));
        assertThrows(IllegalArgumentException.class, () -> XuaSettings.from(new MapConfig(Map.of(
                "gateway.xua.timestamp.max.age.seconds", "0"))));
    }

    @Test
    @DisplayName("start reads the partner file and installs itself; protect adds interceptors only where required")
    void startAndProtect(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("partners.yaml");
        Files.writeString(file, "partners:\n  - name: hospital-a\n    homeCommunityId: urn:oid:1.2.3\n"
                + "    samlIssuers:\n      - entityId: https://idp.a.example\n        signingCertificates:\n          - |\n"
                + XuaFixture.IDP_A.certificatePem().strip().indent(12) + "    purposesOfUse: any\n    roles: any\n");
        XuaSecurity xua = XuaSecurity.start(new MapConfig(Map.of("gateway.partners.file", file.toString(),
                "gateway.xua.endpoints", "xds/iti18")), XuaFixture.OUR_HCID, null, new AccessPolicy(), new RecordingSink());
        try {
            assertSame(xua, XuaSecurity.installed());
            assertEquals(1, xua.validator().directory().partners().size());
            assertEquals(XuaFixture.OUR_HCID, xua.validator().directory().partners().get(0).audiences().get(0));
            AbstractBasicInterceptorProvider iti18 = new AbstractBasicInterceptorProvider() { };
            AbstractBasicInterceptorProvider iti43 = new AbstractBasicInterceptorProvider() { };
            XuaSecurity.protect(iti18, "/xds/iti18");
            XuaSecurity.protect(iti43, "/xds/iti43");
            assertEquals(2, iti18.getInInterceptors().size());
            assertEquals(1, iti18.getOutFaultInterceptors().size());
            assertEquals(0, iti43.getInInterceptors().size());
        } finally {
            xua.close();
        }
        assertNull(XuaSecurity.installed());
        assertThrows(IllegalStateException.class, () -> XuaSecurity.protect(new AbstractBasicInterceptorProvider() { },
                "/rg/iti38"), "no responding-gateway endpoint without XUA");
    }

    @Test
    @DisplayName("a bad partner file stops the start with the file, line and field")
    void badPartnerFileStopsStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("partners.yaml");
        Files.writeString(file, "partners:\n  - name: x\n    homeCommunityId: 1.2.3\n");
        PartnerDirectoryException e = assertThrows(PartnerDirectoryException.class, () -> XuaSecurity.start(
                new MapConfig(Map.of("gateway.partners.file", file.toString())), XuaFixture.OUR_HCID, null,
                new AccessPolicy(), new RecordingSink()));
        assertTrue(e.getMessage().contains("partners.yaml:3: partner 'x': field 'homeCommunityId'"), e.getMessage());
    }
}
