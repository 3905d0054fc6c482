// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import static org.imagingexchange.gateway.xds.registry.XdsSamples.kosRegistration;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.newPatient;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.newUid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.SubmitObjectsRequestValidator;

/** ITI-42 at the registry: KOS manifests, RPLC, and submissions that must leave nothing behind. */
abstract class AbstractRegistrationTest extends RegistryServiceContract {

    @Test
    void kosManifestPassesIpfValidationAndComesBackIntact() {
        RegisterDocumentSet request = kosRegistration(newPatient(), newUid(), newUid());
        var ebxml = new RegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        SubmitObjectsRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_42);

        Kos kos = register(request);
        assertUuid(kos.entryUuid());
        assertUuid(kos.setUuid());
        assertUuid(kos.memberUuid());
        var association = request.getAssociations().get(0);
        assertEquals(kos.setUuid(), association.getSourceUuid());
        assertEquals(kos.entryUuid(), association.getTargetUuid());

        List<DocumentEntry> found = leafClass(findDocuments(kos.patient(), AvailabilityStatus.APPROVED))
                .getDocumentEntries();
        assertEquals(1, found.size());
        DocumentEntry entry = found.get(0);
        DocumentEntry submitted = request.getDocumentEntries().get(0);
        submitted.setHomeCommunityId(XdsSamples.HOME);
        assertEquals(submitted, entry);
        assertEquals("application/dicom", entry.getMimeType());
        assertEquals(XdsSamples.FORMAT_KOS.getCode(), entry.getFormatCode().getCode());
        assertEquals("1.2.840.10008.2.6.1", entry.getFormatCode().getSchemeName());
        assertEquals(List.of(XdsSamples.EVENT_MR.getCode()), entry.getEventCodeList().stream().map(c -> c.getCode()).toList());
        ReferenceId study = entry.getReferenceIdList().get(0);
        assertEquals(kos.studyUid(), study.getId());
        assertEquals("urn:ihe:iti:xds:2016:studyInstanceUID", study.getIdTypeCode());
        assertEquals(AvailabilityStatus.APPROVED, entry.getAvailabilityStatus());
        assertEquals(XdsSamples.HOME, entry.getHomeCommunityId());
    }

    @Test
    void givenEntryUuidsAreKept() {
        RegisterDocumentSet request = kosRegistration(newPatient(), newUid(), newUid());
        String uuid = "urn:uuid:" + java.util.UUID.randomUUID();
        request.getDocumentEntries().get(0).setEntryUuid(uuid);
        request.getAssociations().get(0).setTargetUuid(uuid);
        assertEquals(uuid, register(request).entryUuid());
        assertRefs(objectRefs(getDocument(uuid)), uuid);
    }

    @Test
    void replacementDeprecatesTheReplacedEntry() {
        Kos first = registerKos(newPatient());
        RegisterDocumentSet second = kosRegistration(first.patient(), first.studyUid(), newUid());
        second.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE, first.entryUuid()));
        Kos replacement = register(second);

        assertEquals(java.util.Set.of(replacement.entryUuid()),
                entryUuids(leafClass(findDocuments(first.patient(), AvailabilityStatus.APPROVED))));
        assertEquals(java.util.Set.of(first.entryUuid()),
                entryUuids(leafClass(findDocuments(first.patient(), AvailabilityStatus.DEPRECATED))));
        DocumentEntry old = leafClass(getDocument(first.entryUuid())).getDocumentEntries().get(0);
        assertEquals(AvailabilityStatus.DEPRECATED, old.getAvailabilityStatus());
    }

    @Test
    void replacingADeprecatedEntryFailsAndWritesNothing() {
        Kos first = registerKos(newPatient());
        RegisterDocumentSet second = kosRegistration(first.patient(), first.studyUid(), newUid());
        second.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE, first.entryUuid()));
        register(second);

        RegisterDocumentSet third = kosRegistration(first.patient(), first.studyUid(), newUid());
        third.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE, first.entryUuid()));
        assertFailure(ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR, registry.register(third));
        assertNothingStored(third);
    }

    @Test
    void replacingAnUnknownEntryFailsAndWritesNothing() {
        RegisterDocumentSet request = kosRegistration(newPatient(), newUid(), newUid());
        request.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE,
                "urn:uuid:" + java.util.UUID.randomUUID()));
        assertFailure(ErrorCode.REGISTRY_METADATA_ERROR, registry.register(request));
        assertNothingStored(request);
    }

    @Test
    void replacingAnotherPatientsEntryFails() {
        Kos other = registerKos(newPatient());
        RegisterDocumentSet request = kosRegistration(newPatient(), newUid(), newUid());
        request.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE, other.entryUuid()));
        assertFailure(ErrorCode.PATIENT_ID_DOES_NOT_MATCH, registry.register(request));
        assertNothingStored(request);
        assertEquals(AvailabilityStatus.APPROVED,
                leafClass(getDocument(other.entryUuid())).getDocumentEntries().get(0).getAvailabilityStatus());
    }

    @Test
    void unknownPatientIsRejected() {
        RegisterDocumentSet request = kosRegistration(XdsSamples.unknownPatient(), newUid(), newUid());
        assertFailure(ErrorCode.UNKNOWN_PATIENT_ID, registry.register(request));
        assertEquals(XdsSamples.HOME, registry.register(request).getErrors().get(0).getLocation());
    }

    @Test
    void invalidMetadataIsRejectedWithTheCodeIpfGives() {
        RegisterDocumentSet noHash = kosRegistration(newPatient(), newUid(), newUid());
        noHash.getDocumentEntries().get(0).setHash(null);
        assertFailure(ErrorCode.REGISTRY_METADATA_ERROR, registry.register(noHash));
        assertNothingStored(noHash);

        RegisterDocumentSet noMimeType = kosRegistration(newPatient(), newUid(), newUid());
        noMimeType.getDocumentEntries().get(0).setMimeType(null);
        assertFailure(ErrorCode.REGISTRY_METADATA_ERROR, registry.register(noMimeType));
        assertNothingStored(noMimeType);

        RegisterDocumentSet twoPatients = kosRegistration(newPatient(), newUid(), newUid());
        twoPatients.getDocumentEntries().get(0).setPatientId(newPatient());
        assertFailure(ErrorCode.PATIENT_ID_DOES_NOT_MATCH, registry.register(twoPatients));
        assertNothingStored(twoPatients);
    }

    @Test
    void duplicateUniqueIdsAreRejected() {
        Kos first = registerKos(newPatient());
        RegisterDocumentSet same = kosRegistration(first.patient(), first.studyUid(), first.uniqueId());
        assertFailure(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY, registry.register(same));

        RegisterDocumentSet otherHash = kosRegistration(first.patient(), first.studyUid(), first.uniqueId());
        otherHash.getDocumentEntries().get(0).setHash("0000000000000000000000000000000000000001");
        assertFailure(ErrorCode.NON_IDENTICAL_HASH, registry.register(otherHash));
        assertEquals(1, leafClass(findDocuments(first.patient(), AvailabilityStatus.APPROVED)).getDocumentEntries().size());
    }

    @Test
    void failureInTheCallersPartRollsBackTheRegistration() {
        RegisterDocumentSet request = kosRegistration(newPatient(), newUid(), newUid());
        var response = registry.register(request, em -> {
            throw new IllegalStateException("repository row failed");
        });
        assertFailure(ErrorCode.REGISTRY_ERROR, response);
        assertNothingStored(request);
    }

    @Test
    void nistRad68KosMetadataSampleRegisters() throws Exception {
        RegisterDocumentSet request = NistSample.rad68KosMetadata();
        DocumentEntry entry = request.getDocumentEntries().get(0);
        entry.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        entry.setSize(0L);
        entry.setRepositoryUniqueId(XdsSamples.REPOSITORY);
        // the sample is static test data: give it ids of its own so the test can run again
        entry.setUniqueId(newUid());
        request.getSubmissionSet().setUniqueId(newUid());
        Kos kos = register(request);
        DocumentEntry found = leafClass(getDocument(kos.entryUuid())).getDocumentEntries().get(0);
        assertEquals("application/dicom", found.getMimeType());
        assertEquals("1.2.840.10008.5.1.4.1.1.88.59", found.getFormatCode().getCode());
        assertTrue(found.getReferenceIdList().stream()
                .anyMatch(r -> ReferenceId.ID_TYPE_CODE_ACCESSION.equals(r.getIdTypeCode())));
    }

    private void assertNothingStored(RegisterDocumentSet request) {
        GetDocumentsQuery byUniqueId = new GetDocumentsQuery();
        byUniqueId.setUniqueIds(List.of(request.getDocumentEntries().get(0).getUniqueId()));
        assertNoResults(objectRefs(byUniqueId));
        GetSubmissionSetAndContentsQuery set = new GetSubmissionSetAndContentsQuery();
        set.setUniqueId(request.getSubmissionSet().getUniqueId());
        assertNoResults(objectRefs(set));
    }

    static GetDocumentsQuery getDocument(String uuid) {
        GetDocumentsQuery q = new GetDocumentsQuery();
        q.setUuids(List.of(uuid));
        return q;
    }
}
