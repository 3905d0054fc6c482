// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;

/** The console's outside studies: rows from the partners' KOS entries, instance counts read from the manifests. */
class OutsideStudiesTest {

    @Test
    void studiesOfAllCommunitiesWithInstanceCountsFromTheirManifests() throws Exception {
        Path kos = TestPaths.nistStudyDir().resolve("KOS-manifest_ids-1002.dcm");
        String kosUid = DicomFiles.readHeader(kos, DicomLimits.defaults()).sopInstanceUid();
        try (StubPartner b = StubPartner.of("gw-b", HCID_B); StubPartner c = StubPartner.of("gw-c", HCID_C);
             Rig rig = new Rig()) {
            b.documents.put(kosUid, kos);
            b.queryAnswer = env -> {
                DocumentEntry e = StubResponses.kos(HCID_B, b.repositoryUniqueId, "B-1", "1.2.3", "1.2.3.4.5", "MR");
                e.setUniqueId(kosUid);
                return StubResponses.queryResponse(List.of(e));
            };
            c.queryAnswer = env -> StubResponses.queryResponse(List.of(
                    StubResponses.kos(HCID_C, c.repositoryUniqueId, "C-1", "1.2.4", "1.2.4.4.5", "CT")));
            c.delay = Duration.ofSeconds(4);
            rig.partner(b, "gw-b", Duration.ofSeconds(5)).partner(c, "gw-c", Duration.ofSeconds(1))
                    .link("P1", HCID_B, "B-1", "1.2.3").link("P1", HCID_C, "C-1", "1.2.4").start();
            OutsideStudies outside = new OutsideStudies(rig.query, rig.retrieve, FederationPki.ISSUER_A);

            OutsideStudies.Result r = outside.forLocalPatient("P1");

            assertEquals("PARTIAL_SUCCESS", r.status());
            assertEquals(1, r.studies().size());
            OutsideStudies.Study s = r.studies().get(0);
            assertEquals("1.2.3.4.5", s.studyInstanceUid());
            assertEquals(HCID_B, s.homeCommunityId());
            assertEquals(List.of("MR"), s.modalities());
            assertEquals("20160601095804", s.studyDate());
            assertEquals(36, s.numberOfInstances());
            assertEquals(CommunityOutcome.Status.UNAVAILABLE, FanOutTest.outcomeOf(
                    new CrossCommunityQuery.Result(null, r.communities()), HCID_C).status());
            assertNull(FanOutTest.outcomeOf(new CrossCommunityQuery.Result(null, r.communities()), HCID_B).detail());
        }
    }
}
