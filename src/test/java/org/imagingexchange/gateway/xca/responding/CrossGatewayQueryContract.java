// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBElement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.imagingexchange.gateway.xca.crossref.LinkSource;
import org.imagingexchange.gateway.xds.registry.XdsSamples;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ObjectRefType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryPackageType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;

/**
 * ITI-38 at the Responding Gateway: the partner's patient id is translated, results carry the
 * partner's id and our {@code home} on every object (ExtrinsicObject, RegistryPackage, ObjectRef,
 * Association, through the real endpoint), an unknown or unlinked patient is an empty Success,
 * and a foreign {@code home} or a malformed query an error located at our homeCommunityId.
 */
abstract class CrossGatewayQueryContract extends RespondingGatewayContract {

    CrossGatewayQuery service() {
        return new CrossGatewayQuery(community(), xref);
    }

    static Identifiable local(String id) {
        return new Identifiable(id, new AssigningAuthority(LOCAL_AUTHORITY, "ISO"));
    }

    static Identifiable inB(String id) {
        return new Identifiable(id, new AssigningAuthority(B_AUTHORITY, "ISO"));
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static QueryRegistry findDocuments(Identifiable patient, QueryReturnType type) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryRegistry r = new QueryRegistry(q);
        r.setReturnType(type);
        return r;
    }

    /** A local patient with a registered KOS, known to partner B as {@code partnerId}. */
    ProvideAndRegisterDocumentSet linkedPatientWithKos(String localId, String partnerId) {
        ProvideAndRegisterDocumentSet pnr = provideKos(local(localId), new byte[] {1, 2, 3});
        xref.link(localId, PARTNER_B, partnerId, B_AUTHORITY, LinkSource.MANUAL);
        return pnr;
    }

    @Test
    void partnerIdIsTranslatedAndResultsCarryItAndOurHome() {
        String localId = unique("L");
        String partnerId = unique("B-");
        ProvideAndRegisterDocumentSet pnr = linkedPatientWithKos(localId, partnerId);

        QueryResponse r = service().query(findDocuments(inB(partnerId), QueryReturnType.LEAF_CLASS), PARTNER_B);
        assertEquals(Status.SUCCESS, r.getStatus(), () -> "errors " + r.getErrors());
        assertEquals(1, r.getDocumentEntries().size());
        var entry = r.getDocumentEntries().get(0);
        assertEquals(pnr.getDocuments().get(0).getDocumentEntry().getUniqueId(), entry.getUniqueId());
        assertEquals(inB(partnerId), entry.getPatientId(), "the partner sees its own patient id");
        assertEquals(HOME, entry.getHomeCommunityId());
    }

    @Test
    void ourOwnAuthorityIsUsedAsIs() {
        String localId = unique("L");
        linkedPatientWithKos(localId, unique("B-"));
        QueryResponse r = service().query(findDocuments(local(localId), QueryReturnType.LEAF_CLASS), PARTNER_B);
        assertEquals(Status.SUCCESS, r.getStatus());
        assertEquals(1, r.getDocumentEntries().size());
        assertEquals(local(localId), r.getDocumentEntries().get(0).getPatientId(), "asked with ours, answered with ours");
    }

    @Test
    void unlinkedOrUnknownPatientIsAnEmptySuccess() {
        QueryResponse unlinked = service().query(findDocuments(inB(unique("B-")), QueryReturnType.LEAF_CLASS), PARTNER_B);
        assertEquals(Status.SUCCESS, unlinked.getStatus());
        assertTrue(unlinked.getErrors().isEmpty() && unlinked.getDocumentEntries().isEmpty());

        // linked, but the local registry does not know the local patient (XDSUnknownPatientId inside)
        String partnerId = unique("B-");
        xref.link(unique("UNKNOWN"), PARTNER_B, partnerId, B_AUTHORITY, LinkSource.MANUAL);
        QueryResponse unknown = service().query(findDocuments(inB(partnerId), QueryReturnType.LEAF_CLASS), PARTNER_B);
        assertEquals(Status.SUCCESS, unknown.getStatus());
        assertTrue(unknown.getErrors().isEmpty(), "never XDSUnknownPatientId: " + unknown.getErrors());

        QueryResponse local = service().query(findDocuments(local(unique("UNKNOWN")), QueryReturnType.OBJECT_REF), null);
        assertEquals(Status.SUCCESS, local.getStatus());
        assertTrue(local.getErrors().isEmpty() && local.getReferences().isEmpty());
    }

    @Test
    void anotherPartnersLinkIsNotUsedForThisPartner() {
        String localId = unique("L");
        String partnerId = unique("B-");
        linkedPatientWithKos(localId, partnerId);
        QueryResponse asC = service().query(findDocuments(inB(partnerId), QueryReturnType.LEAF_CLASS), PARTNER_C);
        assertEquals(Status.SUCCESS, asC.getStatus());
        assertTrue(asC.getDocumentEntries().isEmpty(), "C has no link for B's id");
        QueryResponse unknownCaller = service().query(findDocuments(inB(partnerId), QueryReturnType.LEAF_CLASS), null);
        assertEquals(1, unknownCaller.getDocumentEntries().size(), "no verified partner: any community's link");
    }

    @Test
    void foreignHomeIsAnUnknownCommunityAtOurLocation() {
        QueryRegistry q = findDocuments(inB(unique("B-")), QueryReturnType.LEAF_CLASS);
        ((FindDocumentsQuery) q.getQuery()).setHomeCommunityId("urn:oid:1.2.3.999");
        QueryResponse r = service().query(q, PARTNER_B);
        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(ErrorCode.UNKNOWN_COMMUNITY, r.getErrors().get(0).getErrorCode());
        assertEquals(HOME, r.getErrors().get(0).getLocation());
    }

    @Test
    void everyObjectTypeCarriesHomeOnTheWire() {
        String localId = unique("L");
        String partnerId = unique("B-");
        ProvideAndRegisterDocumentSet pnr = linkedPatientWithKos(localId, partnerId);
        Iti38Endpoint endpoint = new Iti38Endpoint(service(), HOME);

        GetSubmissionSetAndContentsQuery get = new GetSubmissionSetAndContentsQuery();
        get.setUniqueId(pnr.getSubmissionSet().getUniqueId());
        get.setHomeCommunityId(HOME);
        QueryRegistry leaf = new QueryRegistry(get);
        leaf.setReturnType(QueryReturnType.LEAF_CLASS);
        AdhocQueryResponse answer = endpoint.documentRegistryRegistryStoredQuery(
                new QueryRegistryTransformer().toEbXML(leaf).getInternal());
        assertEquals("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success", answer.getStatus());
        Set<Class<?>> kinds = answer.getRegistryObjectList().getIdentifiable().stream()
                .map(e -> e.getValue().getClass()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of(ExtrinsicObjectType.class, RegistryPackageType.class,
                AssociationType1.class)), "LeafClass answer has entry, submission set and association: " + kinds);
        assertEveryObjectAtHome(answer);

        AdhocQueryResponse refs = endpoint.documentRegistryRegistryStoredQuery(new QueryRegistryTransformer()
                .toEbXML(findDocuments(inB(partnerId), QueryReturnType.OBJECT_REF)).getInternal());
        assertEquals(1, refs.getRegistryObjectList().getIdentifiable().size());
        assertTrue(refs.getRegistryObjectList().getIdentifiable().get(0).getValue() instanceof ObjectRefType);
        assertEveryObjectAtHome(refs);
    }

    @Test
    void invalidQueryIsAnErrorAtOurLocation() {
        FindDocumentsQuery q = new FindDocumentsQuery(); // no patient id: XDSStoredQueryMissingParam
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        AdhocQueryResponse answer = new Iti38Endpoint(service(), HOME).documentRegistryRegistryStoredQuery(
                new QueryRegistryTransformer().toEbXML(new QueryRegistry(q)).getInternal());
        assertEquals("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure", answer.getStatus());
        var errors = answer.getRegistryErrorList().getRegistryError();
        assertFalse(errors.isEmpty());
        errors.forEach(e -> assertEquals(HOME, e.getLocation(), "error at our homeCommunityId"));
        assertEquals(ErrorCode.STORED_QUERY_MISSING_PARAM.getOpcode(), errors.get(0).getErrorCode());
    }

    static void assertEveryObjectAtHome(AdhocQueryResponse answer) {
        for (JAXBElement<? extends IdentifiableType> e : answer.getRegistryObjectList().getIdentifiable()) {
            assertEquals(HOME, e.getValue().getHome(), () -> e.getValue().getClass().getSimpleName() + " without home");
        }
    }
}
