// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cross-reference table on a real database (H2 or PostgreSQL, by subclass): links are made,
 * replaced, found both ways and removed; one partner id never names two local patients; bad
 * input is refused before it reaches the table. Each test uses its own patient ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossReferenceContract {
    static final String LOCAL_AUTHORITY = "1.3.6.1.4.1.21367.2026.1.3";
    static final String OURS = "urn:oid:1.3.6.1.4.1.21367.2026.1.1";
    static final String B = "urn:oid:1.3.6.1.4.1.21367.2026.3.1";
    static final String C = "urn:oid:1.3.6.1.4.1.21367.2026.4.1";
    static final String B_AUTHORITY = "1.3.6.1.4.1.21367.2026.3.3";
    static final String C_AUTHORITY = "1.3.6.1.4.1.21367.2026.4.3";

    TestDatabases.Handle database;
    PatientCrossReference xref;

    abstract TestDatabases.Handle openDatabase();

    @BeforeAll
    void open() {
        database = openDatabase();
        xref = new PatientCrossReference(database.db(), LOCAL_AUTHORITY, OURS,
                Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void linkIsFoundBothWays() {
        String local = unique("L");
        String inB = unique("B");
        String inC = unique("C");
        Link b = xref.link(local, B, inB, B_AUTHORITY, LinkSource.MANUAL);
        xref.link(local, C, inC, C_AUTHORITY, LinkSource.XCPD);
        assertEquals(local, b.localPatientId());
        assertEquals(inB + "^^^&" + B_AUTHORITY + "&ISO", b.partnerCx());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), b.created());

        assertEquals(Optional.of(local), xref.localFor(B, inB, B_AUTHORITY));
        assertEquals(Optional.of(local), xref.localFor(null, inC, C_AUTHORITY), "any community");
        assertEquals(Optional.empty(), xref.localFor(C, inB, B_AUTHORITY), "B's id is not C's");
        assertEquals(Optional.empty(), xref.localFor(B, inB, C_AUTHORITY), "same id, other authority");

        List<Link> links = xref.forLocalPatient(local);
        assertEquals(List.of(B, C), links.stream().map(Link::homeCommunityId).toList());
        assertEquals(LinkSource.XCPD, links.get(1).source());
        assertEquals(inC, xref.forLocalPatient(local, C).orElseThrow().partnerPatientId());
    }

    @Test
    void putReplacesTheLinkOfThatCommunity() {
        String local = unique("L");
        String old = unique("B");
        String now = unique("B");
        xref.link(local, B, old, B_AUTHORITY, LinkSource.XCPD);
        xref.link(local, B, now, B_AUTHORITY, LinkSource.MANUAL);
        assertEquals(1, xref.forLocalPatient(local).size());
        assertEquals(Optional.empty(), xref.localFor(B, old, B_AUTHORITY));
        assertEquals(Optional.of(local), xref.localFor(B, now, B_AUTHORITY));
        assertEquals(LinkSource.MANUAL, xref.forLocalPatient(local).get(0).source());
        // linking the same id again is idempotent
        xref.link(local, B, now, B_AUTHORITY, LinkSource.MANUAL);
        assertEquals(1, xref.forLocalPatient(local).size());
    }

    @Test
    void onePartnerIdNamesOneLocalPatient() {
        String first = unique("L");
        String second = unique("L");
        String inB = unique("B");
        xref.link(first, B, inB, B_AUTHORITY, LinkSource.MANUAL);
        var e = assertThrows(CrossReferenceConflictException.class,
                () -> xref.link(second, B, inB, B_AUTHORITY, LinkSource.MANUAL));
        assertTrue(e.getMessage().contains(first), e.getMessage());
        assertTrue(xref.forLocalPatient(second).isEmpty());
    }

    @Test
    void anyCommunityLookupIsEmptyWhenAmbiguous() {
        String first = unique("L");
        String second = unique("L");
        String shared = unique("X");
        String authority = "1.3.6.1.4.1.21367.2026.9.3"; // an authority two communities both use
        xref.link(first, B, shared, authority, LinkSource.MANUAL);
        xref.link(second, C, shared, authority, LinkSource.MANUAL);
        assertEquals(Optional.of(first), xref.localFor(B, shared, authority));
        assertEquals(Optional.of(second), xref.localFor(C, shared, authority));
        assertEquals(Optional.empty(), xref.localFor(null, shared, authority), "two local patients: say nothing");
    }

    @Test
    void unlinkRemovesOnlyThatCommunity() {
        String local = unique("L");
        String inB = unique("B");
        xref.link(local, B, inB, B_AUTHORITY, LinkSource.MANUAL);
        xref.link(local, C, unique("C"), C_AUTHORITY, LinkSource.MANUAL);
        assertTrue(xref.unlink(local, B));
        assertFalse(xref.unlink(local, B), "already gone");
        assertEquals(Optional.empty(), xref.localFor(B, inB, B_AUTHORITY));
        assertEquals(List.of(C), xref.forLocalPatient(local).stream().map(Link::homeCommunityId).toList());
    }

    @Test
    void badInputIsRefused() {
        String local = unique("L");
        assertThrows(IllegalArgumentException.class, () -> xref.link(local, "1.2.3", "x", B_AUTHORITY, LinkSource.MANUAL),
                "homeCommunityId without urn:oid:");
        assertThrows(IllegalArgumentException.class, () -> xref.link(local, B, "x", "not-an-oid", LinkSource.MANUAL));
        assertThrows(IllegalArgumentException.class, () -> xref.link(local, B, "a^b", B_AUTHORITY, LinkSource.MANUAL));
        assertThrows(IllegalArgumentException.class, () -> xref.link(local, B, "", B_AUTHORITY, LinkSource.MANUAL));
        assertThrows(IllegalArgumentException.class, () -> xref.link(local, B, "x".repeat(65), B_AUTHORITY,
                LinkSource.MANUAL));
        assertThrows(IllegalArgumentException.class, () -> xref.link("a&b", B, "x", B_AUTHORITY, LinkSource.MANUAL));
        assertThrows(IllegalArgumentException.class, () -> xref.link(local, OURS, "x", B_AUTHORITY, LinkSource.MANUAL),
                "our own community");
        assertThrows(IllegalArgumentException.class, () -> xref.link(local, B, "x", LOCAL_AUTHORITY, LinkSource.MANUAL),
                "our own authority");
        assertTrue(xref.forLocalPatient(local).isEmpty());
        assertEquals(Optional.empty(), xref.localFor(B, "a^b", B_AUTHORITY), "a malformed lookup finds nothing");
        assertEquals(Optional.empty(), xref.localFor("garbage", "x", B_AUTHORITY));
    }
}
