// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import static org.imagingexchange.gateway.xds.registry.XdsSamples.newPatient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsForMultiplePatientsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindSubmissionSetsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAllQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAssociationsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetRelatedDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;

/** ITI-18 parameters: FindDocuments filters, and the errors for patients, limits and bad parameters. */
abstract class AbstractQueryParameterTest extends RegistryServiceContract {
    private static final Code OTHER = new Code("X-1", new LocalizedString("other"), "1.2.3.4.5.6.7");

    @Test
    void findDocumentsFiltersOnCodesTimesAuthorsAndTypes() {
        Kos kos = registerKos(newPatient());
        var p = kos.patient();
        expect(p, 1, q -> q.setFormatCodes(List.of(XdsSamples.FORMAT_KOS)));
        expect(p, 0, q -> q.setFormatCodes(List.of(OTHER)));
        expect(p, 1, q -> q.setClassCodes(List.of(OTHER, XdsSamples.CLASS_IMAGES)));
        expect(p, 0, q -> q.setClassCodes(List.of(OTHER)));
        expect(p, 1, q -> q.setTypeCodes(List.of(XdsSamples.TYPE_IMAGING)));
        expect(p, 1, q -> q.setPracticeSettingCodes(List.of(XdsSamples.PRACTICE)));
        expect(p, 0, q -> q.setPracticeSettingCodes(List.of(OTHER)));
        expect(p, 1, q -> q.setHealthcareFacilityTypeCodes(List.of(XdsSamples.FACILITY)));
        expect(p, 1, q -> q.setEventCodes(new QueryList<>(XdsSamples.EVENT_MR)));
        expect(p, 0, q -> q.setEventCodes(new QueryList<>(XdsSamples.EVENT_CT)));
        expect(p, 1, q -> q.setEventCodes(orOf(XdsSamples.EVENT_CT, XdsSamples.EVENT_MR)));
        expect(p, 0, q -> {
            QueryList<Code> and = new QueryList<>(XdsSamples.EVENT_MR);
            and.getOuterList().add(List.of(XdsSamples.EVENT_CT));
            q.setEventCodes(and);
        });
        expect(p, 1, q -> q.setConfidentialityCodes(new QueryList<>(XdsSamples.CONFIDENTIALITY_N)));
        expect(p, 0, q -> q.setConfidentialityCodes(new QueryList<>(OTHER)));
        expect(p, 1, q -> range(q.getCreationTime(), "20240315", "20240316"));
        expect(p, 0, q -> range(q.getCreationTime(), "20240316", null));
        expect(p, 0, q -> range(q.getCreationTime(), null, "20240315101500"));
        expect(p, 1, q -> range(q.getServiceStartTime(), "202403150930", "202403150931"));
        expect(p, 0, q -> range(q.getServiceStartTime(), "202403150931", null));
        expect(p, 1, q -> range(q.getServiceStopTime(), null, "20240316"));
        expect(p, 0, q -> range(q.getServiceStopTime(), null, "2024031509"));
        expect(p, 1, q -> q.setAuthorPersons(List.of("%Radiology%")));
        expect(p, 0, q -> q.setAuthorPersons(List.of("%Nobody%")));
        expect(p, 0, q -> q.setDocumentEntryTypes(List.of(DocumentEntryType.ON_DEMAND)));
        expect(p, 1, q -> q.setDocumentEntryTypes(List.of(DocumentEntryType.STABLE, DocumentEntryType.ON_DEMAND)));
        expect(p, 0, q -> q.setStatus(List.of(AvailabilityStatus.DEPRECATED)));
    }

    @Test
    void unknownPatientGivesXdsUnknownPatientId() {
        Identifiable unknown = XdsSamples.unknownPatient();
        FindSubmissionSetsQuery sets = new FindSubmissionSetsQuery();
        sets.setPatientId(unknown);
        sets.setStatus(List.of(AvailabilityStatus.APPROVED));
        GetAllQuery all = new GetAllQuery();
        all.setPatientId(unknown);
        all.setStatusDocuments(List.of(AvailabilityStatus.APPROVED));
        all.setStatusSubmissionSets(List.of(AvailabilityStatus.APPROVED));
        all.setStatusFolders(List.of(AvailabilityStatus.APPROVED));
        for (Query q : List.of(findDocuments(unknown, AvailabilityStatus.APPROVED), sets, all)) {
            QueryResponse response = registry.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
            assertFailure(ErrorCode.UNKNOWN_PATIENT_ID, response);
            assertEquals(XdsSamples.HOME, response.getErrors().get(0).getLocation());
            assertNoResults(response);
        }
    }

    @Test
    void moreThanMaxResultsGivesXdsTooManyResults() {
        Identifiable patient = newPatient();
        for (int i = 0; i < 3; i++) {
            registerKos(patient);
        }
        RegistryService small = new RegistryService(database.db(), new RegistrySettings(XdsSamples.HOME, 2),
                XdsSamples.knowsAllButUnknown());
        for (QueryReturnType type : List.of(QueryReturnType.OBJECT_REF, QueryReturnType.LEAF_CLASS)) {
            QueryResponse response = small.query(new QueryRegistry(findDocuments(patient, AvailabilityStatus.APPROVED), type));
            assertFailure(ErrorCode.TOO_MANY_RESULTS, response);
            assertNoResults(response);
        }
        assertEquals(3, objectRefs(findDocuments(patient, AvailabilityStatus.APPROVED)).getReferences().size());
    }

    @Test
    void missingParametersGiveXdsStoredQueryMissingParam() {
        FindDocumentsQuery noStatus = new FindDocumentsQuery();
        noStatus.setPatientId(newPatient());
        FindDocumentsQuery noPatient = new FindDocumentsQuery();
        noPatient.setStatus(List.of(AvailabilityStatus.APPROVED));
        GetRelatedDocumentsQuery noTypes = new GetRelatedDocumentsQuery();
        noTypes.setUuid("urn:uuid:" + java.util.UUID.randomUUID());
        for (Query q : List.of(noStatus, noPatient, new GetAssociationsQuery(), noTypes, new GetDocumentsQuery())) {
            assertFailure(ErrorCode.STORED_QUERY_MISSING_PARAM, registry.query(new QueryRegistry(q, QueryReturnType.OBJECT_REF)));
        }
    }

    @Test
    void exclusiveParametersGiveXdsStoredQueryParamNumber() {
        GetDocumentsQuery both = new GetDocumentsQuery();
        both.setUuids(List.of("urn:uuid:" + java.util.UUID.randomUUID()));
        both.setUniqueIds(List.of(XdsSamples.newUid()));
        assertFailure(ErrorCode.STORED_QUERY_PARAM_NUMBER, registry.query(new QueryRegistry(both, QueryReturnType.LEAF_CLASS)));
    }

    @Test
    void malformedParametersGiveXdsRegistryError() {
        FindDocumentsQuery q = findDocuments(new Identifiable("P1", new AssigningAuthority("not-an-oid", "DNS")),
                AvailabilityStatus.APPROVED);
        assertFailure(ErrorCode.REGISTRY_ERROR, registry.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS)));
    }

    @Test
    void anotherHomeCommunityGivesXdsUnknownCommunity() {
        Kos kos = registerKos(newPatient());
        GetDocumentsQuery q = AbstractRegistrationTest.getDocument(kos.entryUuid());
        q.setHomeCommunityId("urn:oid:1.2.3.4.5.999");
        assertFailure(ErrorCode.UNKNOWN_COMMUNITY, registry.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS)));
        q.setHomeCommunityId(XdsSamples.HOME);
        assertRefs(objectRefs(q), kos.entryUuid());
    }

    @Test
    void queriesOutsideIti18GiveXdsUnknownStoredQuery() {
        FindDocumentsForMultiplePatientsQuery q = new FindDocumentsForMultiplePatientsQuery();
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryResponse response = registry.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        assertFailure(ErrorCode.UNKNOWN_STORED_QUERY, response);
        assertNoResults(response);
    }

    private void expect(Identifiable patient, int count, Consumer<FindDocumentsQuery> refine) {
        FindDocumentsQuery q = findDocuments(patient, AvailabilityStatus.APPROVED);
        refine.accept(q);
        assertEquals(count, objectRefs(q).getReferences().size(), () -> "query " + q);
        assertEquals(count, leafClass(q).getDocumentEntries().size(), () -> "query " + q);
    }

    private static QueryList<Code> orOf(Code... codes) {
        QueryList<Code> list = new QueryList<>();
        list.getOuterList().add(List.of(codes));
        return list;
    }

    private static void range(org.openehealth.ipf.commons.ihe.xds.core.metadata.TimeRange range, String from, String to) {
        if (from != null) {
            range.setFrom(from);
        }
        if (to != null) {
            range.setTo(to);
        }
    }
}
