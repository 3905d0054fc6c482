// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExternalIdentifierType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectListType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryErrorList;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;

/**
 * What an audit record needs from ebXML wire messages (ITI TF-3 4.2 identification schemes):
 * patient ids of a stored query, of returned or submitted objects, uniqueIds, error codes.
 */
public final class EbXmlFacts {
    static final String DOCUMENT_ENTRY_PATIENT_ID = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    static final String DOCUMENT_ENTRY_UNIQUE_ID = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    static final String SUBMISSION_SET_PATIENT_ID = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    static final String SUBMISSION_SET_UNIQUE_ID = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8";
    static final String FOLDER_PATIENT_ID = "urn:uuid:f64ffdf0-4b97-4e06-b79f-a52b38ec2f8a";
    private static final Set<String> PATIENT_SCHEMES =
            Set.of(DOCUMENT_ENTRY_PATIENT_ID, SUBMISSION_SET_PATIENT_ID, FOLDER_PATIENT_ID);
    private static final Set<String> PATIENT_SLOTS = Set.of("$XDSDocumentEntryPatientId",
            "$XDSSubmissionSetPatientId", "$XDSFolderPatientId", "$patientId");

    private static volatile JAXBContext queryContext;

    private EbXmlFacts() {}

    /** The patient ids a stored query names in its parameters. */
    public static List<String> queryPatients(AdhocQueryRequest request) {
        Set<String> ids = new LinkedHashSet<>();
        if (request != null && request.getAdhocQuery() != null) {
            for (SlotType1 slot : request.getAdhocQuery().getSlot()) {
                if (PATIENT_SLOTS.contains(slot.getName()) && slot.getValueList() != null) {
                    slot.getValueList().getValue().forEach(v -> ids.addAll(queryValues(v)));
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /** Values of one stored-query parameter: {@code 'a'} or {@code ('a','b')}, quotes doubled inside. */
    static List<String> queryValues(String raw) {
        List<String> values = new ArrayList<>();
        if (raw == null) {
            return values;
        }
        String s = raw.trim();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        StringBuilder current = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (current == null) {
                if (c == '\'') {
                    current = new StringBuilder();
                }
            } else if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    current.append('\'');
                    i++;
                } else {
                    values.add(current.toString());
                    current = null;
                }
            } else {
                current.append(c);
            }
        }
        if (values.isEmpty() && !s.isBlank() && s.indexOf('\'') < 0) {
            values.add(s.trim());
        }
        return values;
    }

    /** Patient ids of the DocumentEntries, SubmissionSets and Folders in a response or submission. */
    static List<String> objectPatients(RegistryObjectListType list) {
        Set<String> ids = new LinkedHashSet<>();
        for (RegistryObjectType o : registryObjects(list)) {
            for (ExternalIdentifierType x : o.getExternalIdentifier()) {
                if (PATIENT_SCHEMES.contains(x.getIdentificationScheme()) && x.getValue() != null) {
                    ids.add(x.getValue());
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /** Values of the external identifiers of one scheme, in document order. */
    static List<String> externalIds(RegistryObjectListType list, String scheme) {
        List<String> values = new ArrayList<>();
        for (RegistryObjectType o : registryObjects(list)) {
            for (ExternalIdentifierType x : o.getExternalIdentifier()) {
                if (scheme.equals(x.getIdentificationScheme()) && x.getValue() != null) {
                    values.add(x.getValue());
                }
            }
        }
        return values;
    }

    static List<RegistryObjectType> registryObjects(RegistryObjectListType list) {
        List<RegistryObjectType> objects = new ArrayList<>();
        if (list != null) {
            for (JAXBElement<? extends IdentifiableType> e : list.getIdentifiable()) {
                if (e.getValue() instanceof RegistryObjectType o) {
                    objects.add(o);
                }
            }
        }
        return objects;
    }

    /** The response's error codes, e.g. {@code XDSUnknownPatientId XDSRegistryError}, or null. */
    static String errorCodes(RegistryResponseType response) {
        if (response == null) {
            return "no response";
        }
        RegistryErrorList errors = response.getRegistryErrorList();
        if (errors == null || errors.getRegistryError().isEmpty()) {
            return null;
        }
        Set<String> codes = new LinkedHashSet<>();
        errors.getRegistryError().forEach(e -> codes.add(e.getErrorCode()));
        return String.join(" ", codes);
    }

    /** The AdhocQueryRequest as XML, for ParticipantObjectQuery (base64 in the message). */
    public static String xml(AdhocQueryRequest request) {
        try {
            JAXBContext context = queryContext;
            if (context == null) {
                context = JAXBContext.newInstance(AdhocQueryRequest.class);
                queryContext = context;
            }
            Marshaller m = context.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            StringWriter out = new StringWriter();
            m.marshal(request, out);
            return out.toString();
        } catch (JAXBException e) {
            return null;
        }
    }
}
