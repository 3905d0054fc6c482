// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.FindSOPClassSCU;
import com.pixelmed.network.IdentifierHandler;
import com.pixelmed.network.PresentationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DIMSE client (SCU) for a PACS reached over DICOM: C-STORE of Part 10 files, C-FIND of a study's
 * instances, C-ECHO. PixelMed negotiates associations and frames PDUs; the C-STORE and C-ECHO
 * messages are written here so that the response status and Error Comment reach the caller, and
 * data sets stream from disk (never read into memory).
 *
 * <pre>
 * DimseClient pacs = new DimseClient("127.0.0.1", 4242, "PACS", "GATEWAY", Duration.ofSeconds(30));
 * Map&lt;String, DimseStoreResult&gt; r = pacs.store(files);
 * Set&lt;String&gt; held = pacs.findInstances(studyUid);
 * </pre>
 *
 * Sockets get TCP_NODELAY (DESIGN section 8) and the timeout as read timeout once the association
 * is established; PixelMed opens the connection itself and offers no option for either, so they
 * are set on its socket afterwards. The TCP connect and the association negotiation therefore
 * wait as long as the operating system lets them.
 */
public final class DimseClient {

    private static final Logger LOG = Logger.getLogger(DimseClient.class.getName());
    private static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    private static final int MAX_PDU = 256 * 1024;
    /** Presentation context IDs are the odd numbers 1..255 (PS3.8 9.3.2.2). */
    private static final int MAX_CONTEXTS = 128;
    private static final List<String> LITTLE_ENDIAN = List.of(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN);

    private final String host;
    private final int port;
    private final String calledAet;
    private final String callingAet;
    private final int timeoutMillis;
    private final DicomLimits limits = DicomLimits.defaults();

    public DimseClient(String host, int port, String calledAet, String callingAet, Duration timeout) {
        this.host = host;
        this.port = port;
        this.calledAet = calledAet;
        this.callingAet = callingAet;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** A file to send, checked and with its header read. */
    private record Instance(Path file, InstanceHeader header) {
        String sopClass() {
            return header.sopClassUid();
        }

        String ts() {
            return header.transferSyntaxUid();
        }
    }

    /**
     * C-STORE of Part 10 files over one association (more only past 128 SOP class and transfer
     * syntax combinations). Each file is validated to its end first; one the peer cannot take in its
     * own transfer syntax is converted to explicit or implicit VR little endian when uncompressed.
     *
     * @return per SOP Instance UID (per file path for files that are not valid instances), in order
     * @throws IOException if no association can be established
     */
    public Map<String, DimseStoreResult> store(List<Path> part10Files) throws IOException {
        Map<String, DimseStoreResult> results = new LinkedHashMap<>();
        List<Instance> valid = new ArrayList<>();
        for (Path file : part10Files) {
            try {
                DicomFiles.validateComplete(file, limits);
                valid.add(new Instance(file, DicomFiles.readHeader(file, limits)));
            } catch (InvalidDicomException e) {
                results.put(file.toString(), DimseStoreResult.notSent(file, "not a valid instance: " + e.getMessage()));
            }
        }
        storeAll(valid, results);
        return results;
    }

    /**
     * C-STORE of Part 10 files this gateway wrote itself and whose header it has read (an import's
     * coerced copies), without validating them again: the same as {@link #store} otherwise.
     */
    public Map<String, DimseStoreResult> storeWritten(Map<Path, InstanceHeader> written) throws IOException {
        Map<String, DimseStoreResult> results = new LinkedHashMap<>();
        List<Instance> instances = new ArrayList<>();
        written.forEach((file, header) -> instances.add(new Instance(file, header)));
        storeAll(instances, results);
        return results;
    }

    private void storeAll(List<Instance> instances, Map<String, DimseStoreResult> results) throws IOException {
        List<Instance> batch = new ArrayList<>();
        Set<String> contexts = new LinkedHashSet<>();
        for (Instance instance : instances) {
            Set<String> more = new LinkedHashSet<>(contexts);
            more.addAll(contextKeys(instance));
            if (more.size() > MAX_CONTEXTS && !batch.isEmpty()) {
                storeBatch(batch, results);
                batch.clear();
                more = new LinkedHashSet<>(contextKeys(instance));
            }
            contexts = more;
            batch.add(instance);
        }
        if (!batch.isEmpty()) {
            storeBatch(batch, results);
        }
    }

    /**
     * C-FIND in the Study Root model for the SOP Instance UIDs the peer holds in a study: a SERIES
     * level query for the study's series, then an IMAGE level query per series (the IMAGE level
     * needs the Series Instance UID as unique key of the level above, PS3.4 C.4.1.2.1).
     *
     * @throws IOException if the association fails or the peer answers a query with a failure
     */
    public Set<String> findInstances(String studyInstanceUid) throws IOException {
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        pcs.add(new PresentationContext((byte) 1, STUDY_ROOT_FIND, new LinkedList<>(LITTLE_ENDIAN)));
        Association association = open(pcs);
        try {
            Set<String> instances = new LinkedHashSet<>();
            for (String series : find(association, "SERIES", studyInstanceUid, null, TagFromName.SeriesInstanceUID)) {
                instances.addAll(find(association, "IMAGE", studyInstanceUid, series, TagFromName.SOPInstanceUID));
            }
            association.release();
            return instances;
        } catch (DicomNetworkException | DicomException e) {
            abort(association);
            throw new IOException("C-FIND to " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    /** C-ECHO: true if the peer accepts an association and answers with Success. */
    public boolean echo() {
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        pcs.add(new PresentationContext((byte) 1, DimseCommands.VERIFICATION, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN));
        Association association;
        try {
            association = open(pcs);
        } catch (IOException e) {
            LOG.log(Level.FINE, "C-ECHO to " + describe() + ": " + e.getMessage(), e);
            return false;
        }
        try {
            DimseResponse response = new DimseResponse();
            association.setReceivedDataHandler(response);
            association.send(association.getSuitablePresentationContextID(DimseCommands.VERIFICATION),
                    DimseCommands.echoRequest(1), null);
            association.waitForCommandPDataPDUs();
            association.release();
            return response.getStatus() == DimseCommands.SUCCESS;
        } catch (Exception e) {
            LOG.log(Level.FINE, "C-ECHO to " + describe() + " failed", e);
            abort(association);
            return false;
        }
    }

    private void storeBatch(List<Instance> batch, Map<String, DimseStoreResult> results) throws IOException {
        Association association = open(presentationContexts(batch));
        int messageId = 0;
        for (int i = 0; i < batch.size(); i++) {
            Instance instance = batch.get(i);
            String uid = instance.header().sopInstanceUid();
            try {
                results.put(uid, storeOne(association, instance, ++messageId));
            } catch (DicomNetworkException | AReleaseException | IOException | InvalidDicomException
                    | RuntimeException e) {
                // the association is in an unknown state mid-message: give it up and say so for the rest
                LOG.log(Level.WARNING, "C-STORE to " + describe() + " sop=" + uid + " failed; association aborted", e);
                abort(association);
                String why = "association failed: " + e.getMessage();
                for (Instance rest : batch.subList(i, batch.size())) {
                    results.put(rest.header().sopInstanceUid(), DimseStoreResult.notSent(rest.file(), why));
                }
                return;
            }
        }
        try {
            association.release();
        } catch (DicomNetworkException e) {
            LOG.log(Level.FINE, "release of the association with " + describe() + " failed", e);
        }
    }

    private DimseStoreResult storeOne(Association association, Instance instance, int messageId)
            throws DicomNetworkException, AReleaseException, IOException, InvalidDicomException {
        String wireTs = acceptedSyntax(association, instance);
        if (wireTs == null) {
            return DimseStoreResult.notSent(instance.file(), "the peer accepted no transfer syntax the instance can be sent in ("
                    + instance.sopClass() + ", " + instance.ts() + ")");
        }
        byte pcid = association.getSuitablePresentationContextID(instance.sopClass(), wireTs);
        DimseResponse response = new DimseResponse();
        association.setReceivedDataHandler(response);
        association.send(pcid, DimseCommands.storeRequest(instance.sopClass(), instance.header().sopInstanceUid(),
                messageId), null);
        try (OutputStream pdvs = association.getAssociationOutputStream(pcid)) {
            OutputStream out = Part10Output.buffered(pdvs);
            writeDataset(instance, wireTs, out);
            out.flush();
        }
        association.waitForCommandPDataPDUs();
        int status = response.getStatus();
        String reason = response.wasSuccessful() ? null
                : (response.errorComment() != null ? response.errorComment() : "refused by the peer");
        if (!response.wasSuccessful()) {
            LOG.warning(() -> String.format("C-STORE to %s sop=%s status=%04X: %s", describe(),
                    instance.header().sopInstanceUid(), status, reason));
        }
        return new DimseStoreResult(instance.file(), status, reason);
    }

    /** The file's own syntax if accepted, else little endian when the file can be converted to it; null if neither. */
    private static String acceptedSyntax(Association association, Instance instance) {
        List<String> candidates = new ArrayList<>();
        candidates.add(instance.ts());
        for (String le : LITTLE_ENDIAN) {
            if (Transcoder.canTranscode(instance.ts(), le)) {
                candidates.add(le);
            }
        }
        for (String ts : candidates) {
            try {
                association.getSuitablePresentationContextID(instance.sopClass(), ts);
                return ts;
            } catch (DicomNetworkException e) {
                // not accepted: try the next one
            }
        }
        return null;
    }

    /** The data set as stored when the syntax matches (byte for byte), else re-encoded while streaming. */
    private void writeDataset(Instance instance, String wireTs, OutputStream out) throws IOException, InvalidDicomException {
        try (Part10Input in = Part10Input.open(instance.file(), limits)) {
            if (wireTs.equals(instance.ts())) {
                try (InputStream raw = Files.newInputStream(instance.file())) {
                    raw.skipNBytes(in.datasetOffset());
                    raw.transferTo(out);
                }
            } else {
                in.parse(limits, new DatasetWriter(out, wireTs));
            }
        }
    }

    /** One context per SOP class and own syntax, and one per SOP class with both little endian syntaxes. */
    private static LinkedList<PresentationContext> presentationContexts(List<Instance> batch) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        for (Instance instance : batch) {
            for (String key : contextKeys(instance)) {
                String[] parts = key.split(" ", 2);
                wanted.put(key, parts[1].equals("LE") ? LITTLE_ENDIAN : List.of(parts[1]));
            }
        }
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        int id = 1;
        for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
            String sopClass = e.getKey().split(" ", 2)[0];
            pcs.add(new PresentationContext((byte) id, sopClass, new LinkedList<>(e.getValue())));
            id += 2;
        }
        return pcs;
    }

    private static List<String> contextKeys(Instance instance) {
        List<String> keys = new ArrayList<>();
        keys.add(instance.sopClass() + " LE");
        if (!LITTLE_ENDIAN.contains(instance.ts())) {
            keys.add(instance.sopClass() + " " + instance.ts());
        }
        return keys;
    }

    private List<String> find(Association association, String level, String study, String series, AttributeTag wanted)
            throws DicomException, DicomNetworkException, IOException {
        AttributeList identifier = new AttributeList();
        put(identifier, new CodeStringAttribute(TagFromName.QueryRetrieveLevel), level);
        put(identifier, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), study);
        put(identifier, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), series);
        if ("IMAGE".equals(level)) {
            put(identifier, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), null);
        }
        List<String> found = new ArrayList<>();
        new FindSOPClassSCU(association, STUDY_ROOT_FIND, identifier, new IdentifierHandler() {
            @Override
            public void doSomethingWithIdentifier(AttributeList match) {
                String v = Attribute.getSingleStringValueOrNull(match, wanted);
                if (v != null && !v.isBlank()) {
                    found.add(v.trim());
                }
            }
        });
        return found;
    }

    private static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        if (value != null) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    private Association open(LinkedList<PresentationContext> pcs) throws IOException {
        Association association;
        try {
            association = AssociationFactory.createNewAssociation(host, port, calledAet, callingAet, MAX_PDU,
                    AssociationFactory.getDefaultReceiveBufferSize(), AssociationFactory.getDefaultSendBufferSize(),
                    pcs, new LinkedList<>(), false, null, null);
        } catch (DicomNetworkException e) {
            throw new IOException("no association with " + describe() + ": " + e.getMessage(), e);
        }
        tune(association);
        return association;
    }

    /** TCP_NODELAY and the read timeout on PixelMed's socket (a protected field it gives no access to). */
    private void tune(Association association) {
        try {
            Field f = Association.class.getDeclaredField("socket");
            f.setAccessible(true);
            Socket socket = (Socket) f.get(association);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot set TCP_NODELAY and the timeout on the DICOM socket to " + describe(), e);
        }
    }

    private static void abort(Association association) {
        try {
            association.abort();
        } catch (DicomNetworkException | RuntimeException e) {
            LOG.log(Level.FINE, "abort failed", e);
        }
    }

    private String describe() {
        return calledAet + "@" + host + ":" + port;
    }
}
