// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindFoldersQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFolderAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFoldersForDocumentQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;

/** Folders (optional in XDS-I.b, kept working): a KOS filed in a folder within its submission. */
abstract class AbstractFolderQueryTest extends RegistryServiceContract {

    @Test
    void folderQueries() {
        RegisterDocumentSet request = XdsSamples.kosRegistration(XdsSamples.newPatient(), XdsSamples.newUid(),
                XdsSamples.newUid());
        Folder folder = new Folder();
        folder.setEntryUuid("Folder01");
        folder.setUniqueId(XdsSamples.newUid());
        folder.setPatientId(request.getSubmissionSet().getPatientId());
        folder.setTitle(new LocalizedString("Imaging studies"));
        folder.getCodeList().add(XdsSamples.TYPE_IMAGING);
        request.getFolders().add(folder);
        request.getAssociations().add(link("SetToFolder", "SubmissionSet01", "Folder01"));
        request.getAssociations().add(link("FolderToDocument", "Folder01", "Document01"));
        request.getAssociations().add(link("SetToFolderLink", "SubmissionSet01", "FolderToDocument"));
        Kos kos = register(request);
        String folderUuid = folder.getEntryUuid();
        String folderLink = request.getAssociations().get(2).getEntryUuid();

        FindFoldersQuery find = new FindFoldersQuery();
        find.setPatientId(kos.patient());
        find.setStatus(List.of(AvailabilityStatus.APPROVED));
        find.setCodes(new QueryList<>(XdsSamples.TYPE_IMAGING));
        assertRefs(objectRefs(find), folderUuid);
        var folders = leafClass(find).getFolders();
        assertEquals(XdsSamples.HOME, folders.get(0).getHomeCommunityId());
        assertEquals(folder.getUniqueId(), folders.get(0).getUniqueId());

        GetFolderAndContentsQuery contents = new GetFolderAndContentsQuery();
        contents.setUuid(folderUuid);
        assertRefs(objectRefs(contents), folderUuid, kos.entryUuid(), folderLink);
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leafClass(contents)));

        GetFoldersForDocumentQuery forDocument = new GetFoldersForDocumentQuery();
        forDocument.setUniqueId(kos.uniqueId());
        assertRefs(objectRefs(forDocument), folderUuid);

        GetSubmissionSetAndContentsQuery set = new GetSubmissionSetAndContentsQuery();
        set.setUuid(kos.setUuid());
        var all = request.getAssociations().stream().map(Association::getEntryUuid).toList();
        assertRefs(objectRefs(set), kos.setUuid(), kos.entryUuid(), folderUuid,
                all.get(0), all.get(1), all.get(2), all.get(3));
    }

    private static Association link(String id, String source, String target) {
        return new Association(AssociationType.HAS_MEMBER, id, source, target);
    }
}
