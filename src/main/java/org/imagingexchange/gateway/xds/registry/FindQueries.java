// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.TimeRange;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindFoldersQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindSubmissionSetsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAllQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;

/**
 * The patient-based ITI-18 stored queries (ITI TF-2 3.18.4.1.2.3.7.1-2, .3, .9 and the
 * FindDocumentsByReferenceId query of ITI TF-2 3.18.4.1.2.3.7.14): every parameter becomes an SQL
 * condition on the indexed columns, except author person patterns, which are matched in Java on
 * the rebuilt objects (a LIKE over a list of names cannot be expressed per name in SQL).
 */
final class FindQueries {
    private final EntityManager em;
    private final RegistryRows rows;
    private final int limit;

    /** @param limit rows beyond this are not read: the caller only needs to know there are more */
    FindQueries(EntityManager em, RegistryRows rows, int limit) {
        this.em = em;
        this.rows = rows;
        this.limit = limit;
    }

    QueryResult findDocuments(FindDocumentsQuery q) {
        JpqlFilter f = documentEntries(statuses(q.getStatus()), q.getDocumentEntryTypes(), q.getFormatCodes(),
                q.getConfidentialityCodes())
                .eq("r.patientId", IndexValues.cx(q.getPatientId()))
                .in("r.classCode", codes(q.getClassCodes()))
                .in("r.typeCode", codes(q.getTypeCodes()))
                .in("r.practiceSettingCode", codes(q.getPracticeSettingCodes()))
                .in("r.facilityTypeCode", codes(q.getHealthcareFacilityTypeCodes()))
                .containsAll("r.eventCodes", codeTokens(q.getEventCodes()));
        range(f, "r.creationTime", q.getCreationTime());
        range(f, "r.serviceStartTime", q.getServiceStartTime());
        range(f, "r.serviceStopTime", q.getServiceStopTime());
        if (q instanceof FindDocumentsByReferenceIdQuery byRef && byRef.getReferenceIds() != null) {
            f.containsAll("r.referenceIds", byRef.getReferenceIds().getOuterList().stream()
                    .map(or -> or.stream().map(IndexValues::referenceId).toList()).toList());
        }
        List<String> authors = q.getAuthorPersons();
        if (authors == null || authors.isEmpty()) {
            return new QueryResult().addAll(limited(f));
        }
        var matching = f.rows(em).stream()
                .filter(r -> anyAuthorMatches(rows.documentEntry(r, null).getAuthors(), authors)).toList();
        return new QueryResult().addAll(matching);
    }

    QueryResult findSubmissionSets(FindSubmissionSetsQuery q) {
        JpqlFilter f = new JpqlFilter().eq("r.kind", ObjectKind.SUBMISSION_SET)
                .eq("r.patientId", IndexValues.cx(q.getPatientId()))
                .in("r.status", statuses(q.getStatus()))
                .in("r.sourceId", q.getSourceIds())
                .in("r.contentTypeCode", codes(q.getContentTypeCodes()));
        range(f, "r.submissionTime", q.getSubmissionTime());
        if (q.getAuthorPerson() == null) {
            return new QueryResult().addAll(limited(f));
        }
        var matching = f.rows(em).stream().filter(r -> anyAuthorMatches(
                rows.submissionSet(r, null).getAuthors(), List.of(q.getAuthorPerson()))).toList();
        return new QueryResult().addAll(matching);
    }

    QueryResult findFolders(FindFoldersQuery q) {
        JpqlFilter f = new JpqlFilter().eq("r.kind", ObjectKind.FOLDER)
                .eq("r.patientId", IndexValues.cx(q.getPatientId()))
                .in("r.status", statuses(q.getStatus()))
                .containsAll("r.eventCodes", codeTokens(q.getCodes()));
        range(f, "r.submissionTime", q.getLastUpdateTime());
        return new QueryResult().addAll(limited(f));
    }

    /** GetAll (ITI TF-2 3.18.4.1.2.3.7.9): the patient's objects and the associations among them. */
    QueryResult getAll(GetAllQuery q) {
        String patient = IndexValues.cx(q.getPatientId());
        QueryResult result = new QueryResult()
                .addAll(limited(documentEntries(statuses(q.getStatusDocuments()), q.getDocumentEntryTypes(),
                        q.getFormatCodes(), q.getConfidentialityCodes()).eq("r.patientId", patient)))
                .addAll(limited(new JpqlFilter().eq("r.kind", ObjectKind.SUBMISSION_SET).eq("r.patientId", patient)
                        .in("r.status", statuses(q.getStatusSubmissionSets()))))
                .addAll(limited(new JpqlFilter().eq("r.kind", ObjectKind.FOLDER).eq("r.patientId", patient)
                        .in("r.status", statuses(q.getStatusFolders()))));
        if (result.size() > limit || result.size() == 0) {
            return result;
        }
        new Associations(em).among(result, q.getAssociationStatuses()).forEach(result::add);
        return result;
    }

    /** DocumentEntry conditions shared by the Find and Get...AndContents queries. */
    static JpqlFilter documentEntries(Collection<AvailabilityStatus> statuses, List<DocumentEntryType> types,
                                      List<Code> formatCodes, QueryList<Code> confidentialityCodes) {
        List<DocumentEntryType> wanted = types == null || types.isEmpty() ? List.of(DocumentEntryType.STABLE) : types;
        return new JpqlFilter().eq("r.kind", ObjectKind.DOCUMENT_ENTRY)
                .in("r.status", statuses)
                .in("r.objectType", wanted.stream().map(DocumentEntryType::toUuid).toList())
                .in("r.formatCode", codes(formatCodes))
                .containsAll("r.confidentialityCodes", codeTokens(confidentialityCodes));
    }

    private List<RegistryObjectEntity> limited(JpqlFilter f) {
        return f.query(em, "select r from RegistryObjectEntity r", RegistryObjectEntity.class)
                .setMaxResults(limit + 1).getResultList();
    }

    private static void range(JpqlFilter f, String path, TimeRange range) {
        if (range != null) {
            f.range(path, IndexValues.instant(range.getFrom()), IndexValues.instant(range.getTo()));
        }
    }

    static List<AvailabilityStatus> statuses(List<AvailabilityStatus> statuses) {
        return statuses == null ? List.of() : statuses;
    }

    static List<String> codes(List<Code> codes) {
        return codes == null ? List.of() : codes.stream().map(IndexValues::code).toList();
    }

    private static List<List<String>> codeTokens(QueryList<Code> codes) {
        return codes == null ? List.of() : codes.getOuterList().stream()
                .map(or -> or.stream().map(IndexValues::code).toList()).toList();
    }

    /** ITI-18 author person values are LIKE patterns ('%' any string, '_' one character), OR-ed. */
    private static boolean anyAuthorMatches(List<Author> authors, List<String> patterns) {
        List<Pattern> regexes = patterns.stream().map(FindQueries::likeToRegex).toList();
        return authors.stream().filter(a -> a.getAuthorPerson() != null)
                .map(a -> Hl7v2Based.render(a.getAuthorPerson()))
                .anyMatch(name -> name != null && regexes.stream().anyMatch(p -> p.matcher(name).matches()));
    }

    static Pattern likeToRegex(String like) {
        String regex = like.chars().mapToObj(c -> switch (c) {
            case '%' -> ".*";
            case '_' -> ".";
            default -> Pattern.quote(Character.toString(c));
        }).collect(Collectors.joining());
        return Pattern.compile(regex, Pattern.DOTALL);
    }
}
